import { Injectable } from '@nestjs/common';

export const MESSAGE_CHANNELS = ['sms', 'email'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** What every notice may say, whatever it is about. */
export const COMMON_VARIABLES = ['firstName', 'jobNumber', 'stage', 'promisedDate', 'storeName', 'storePhone', 'trackingLink'] as const;

export interface EmailTemplate {
  subject: string;
  body: string;
}

/** A notice's text on each channel, with `{{variable}}` placeholders. */
export interface NoticeTemplates {
  sms: string;
  email: EmailTemplate;
}

/** One kind of message customers get, as the module that sends it defines it. */
export interface NoticeKind {
  /** `repair.ready`: what the message is about. */
  kind: string;
  /** When it goes, for the staff who edit its text. */
  description: string;
  /** Variables of this kind beyond the common ones (an amount, a carrier), each with an example for previews. */
  variables: Readonly<Record<string, string>>;
  /** The shipped text, in English; stores override it per channel and language. */
  defaults: NoticeTemplates;
}

/** The locale of the shipped texts. */
export const DEFAULT_LOCALE = 'en';

/**
 * A notice kind whose email says what its text says, addressed to the customer and signed by the
 * store. The SMS leads with the store's name ("Goldsmith & Co: ..."), which the email has as its sender.
 */
export function noticeKind(kind: string, description: string, text: { sms: string; subject: string; variables?: Readonly<Record<string, string>> }): NoticeKind {
  const message = text.sms.replace(/^\{\{storeName\}\}:\s*/, '');
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  return {
    kind,
    description,
    variables: text.variables ?? {},
    defaults: { sms: text.sms, email: { subject: text.subject, body: `Hello {{firstName}},\n\n${sentence}\n\n{{storeName}}\n{{storePhone}}` } },
  };
}

/** Every notice kind the job modules have registered (at start-up, in the API and the worker alike). */
@Injectable()
export class NoticeCatalog {
  private readonly kinds = new Map<string, NoticeKind>();

  register(kinds: readonly NoticeKind[]): void {
    for (const definition of kinds) {
      if (this.kinds.has(definition.kind) && this.kinds.get(definition.kind) !== definition) throw new Error(`Notice kind ${definition.kind} is registered twice`);
      this.kinds.set(definition.kind, definition);
    }
  }

  find(kind: string): NoticeKind | undefined {
    return this.kinds.get(kind);
  }

  all(): NoticeKind[] {
    return [...this.kinds.values()].sort((a, b) => a.kind.localeCompare(b.kind));
  }

  /** The variables a template of this kind may use. */
  variablesOf(definition: NoticeKind): string[] {
    return [...COMMON_VARIABLES, ...Object.keys(definition.variables)];
  }
}
