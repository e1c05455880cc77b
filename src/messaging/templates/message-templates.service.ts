import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditTrail, auditActorOf } from '../../audit/audit-trail.service.js';
import type { StaffMember } from '../../platform/auth/staff-auth.guard.js';
import type { Store } from '../../stores/store.entity.js';
import { validationFailed } from '../../platform/http/validation.js';
import { messagingError } from '../messaging-errors.js';
import { MessageTemplate } from './message-template.entity.js';
import { DEFAULT_LOCALE, type EmailTemplate, type MessageChannel, type NoticeKind, NoticeCatalog } from './notice-catalog.js';
import { type SmsSegmentCount, smsSegments } from './sms-segments.js';
import { renderTemplate, strayBraces, unknownPlaceholders } from './template-text.js';

/** A notice's text ready to send on each channel. */
export interface RenderedNotice {
  sms: string;
  email: EmailTemplate;
}

/** The text a channel uses for a kind and language, and where it comes from. */
export interface EffectiveTemplate {
  kind: string;
  channel: MessageChannel;
  locale: string;
  source: 'store' | 'default';
  subject: string | null;
  body: string;
}

export interface TemplateText {
  subject?: string;
  body: string;
}

export interface TemplatePreview {
  subject: string | null;
  text: string;
  /** SMS only: how the text is encoded and how many segments it costs. */
  sms: SmsSegmentCount | null;
  warnings: string[];
}

/** An SMS longer than this many segments is split on many phones and costs more: the preview says so. */
const SEGMENTS_WITHOUT_WARNING = 2;

/**
 * The text of customers' notices: the shipped text of each kind (from the module that sends it),
 * or the store's own per channel and language, checked when saved so that rendering never meets a
 * variable it cannot fill.
 */
@Injectable()
export class MessageTemplates {
  constructor(
    private readonly em: EntityManager,
    private readonly catalog: NoticeCatalog,
    private readonly audit: AuditTrail,
  ) {}

  /** The kind's text on both channels in the customer's language, with `values` filled in. */
  async render(store: Store, kind: NoticeKind, language: string, values: Readonly<Record<string, string | undefined>>): Promise<RenderedNotice> {
    const { sms, email } = await this.effective(store, kind, language);
    return { sms: renderTemplate(sms.body, values), email: { subject: renderTemplate(email.subject ?? '', values), body: renderTemplate(email.body, values) } };
  }

  /** Every kind's text on every channel for the store: its own where it has one, else the shipped text. */
  async list(store: Store): Promise<{ kinds: { kind: string; description: string; variables: string[] }[]; templates: EffectiveTemplate[] }> {
    const overrides = await this.em.find(MessageTemplate, { store: store.id }, { orderBy: { kind: 'asc', channel: 'asc', locale: 'asc' } });
    const templates: EffectiveTemplate[] = [];
    for (const kind of this.catalog.all()) {
      for (const channel of ['sms', 'email'] as const) {
        const own = overrides.filter((template) => template.kind === kind.kind && template.channel === channel);
        if (!own.some((template) => template.locale === DEFAULT_LOCALE)) templates.push(shipped(kind, channel));
        templates.push(...own.map(fromOverride));
      }
    }
    return { kinds: this.catalog.all().map((kind) => ({ kind: kind.kind, description: kind.description, variables: this.catalog.variablesOf(kind) })), templates };
  }

  async save(store: Store, kindName: string, channel: MessageChannel, locale: string, text: TemplateText, staff: StaffMember): Promise<EffectiveTemplate> {
    const kind = this.kindOf(kindName);
    this.check(kind, channel, text);
    const em = this.em.fork();
    const existing = await em.findOne(MessageTemplate, { store: store.id, kind: kind.kind, channel, locale });
    const template =
      existing ??
      em.create(MessageTemplate, { id: randomUUID(), store: store.id, kind: kind.kind, channel, locale, subject: null, body: '', updatedById: null, updatedByName: '', updatedAt: new Date() });
    const before = { subject: template.subject, body: template.body };
    Object.assign(template, { subject: channel === 'email' ? text.subject!.trim() : null, body: text.body.trim(), updatedById: staff.id, updatedByName: staff.name, updatedAt: new Date() });
    this.audit.record(em, auditActorOf(staff), {
      action: existing ? 'update' : 'create',
      recordType: 'message_template',
      recordId: template.id,
      changes: { kind: { after: kind.kind }, channel: { after: channel }, locale: { after: locale }, subject: { before: before.subject, after: template.subject }, body: { before: before.body, after: template.body } },
    });
    await em.flush();
    return fromOverride(template);
  }

  /** Back to the shipped text for that channel and language; true when there was a store text. */
  async remove(store: Store, kindName: string, channel: MessageChannel, locale: string, staff: StaffMember): Promise<boolean> {
    const kind = this.kindOf(kindName);
    const em = this.em.fork();
    const template = await em.findOne(MessageTemplate, { store: store.id, kind: kind.kind, channel, locale });
    if (!template) return false;
    this.audit.record(em, auditActorOf(staff), { action: 'delete', recordType: 'message_template', recordId: template.id, changes: { body: { before: template.body } } });
    em.remove(template);
    await em.flush();
    return true;
  }

  /**
   * The text as a customer would read it, with example values: the draft given, else the text in
   * force. SMS previews count segments and warn past two.
   */
  async preview(store: Store, kindName: string, channel: MessageChannel, locale: string, draft: TemplateText | undefined, trackingLink: string): Promise<TemplatePreview> {
    const kind = this.kindOf(kindName);
    if (draft) this.check(kind, channel, draft);
    const template = draft ?? (await this.effective(store, kind, locale))[channel];
    const values = { ...this.examplesOf(kind, store), trackingLink };
    const text = renderTemplate(template.body, values);
    const subject = channel === 'email' ? renderTemplate(template.subject ?? '', values) : null;
    if (channel === 'email') return { subject, text, sms: null, warnings: [] };
    const sms = smsSegments(text);
    const warnings: string[] = [];
    if (sms.segments > SEGMENTS_WITHOUT_WARNING) warnings.push(`This text is ${sms.segments} SMS segments (${sms.encoding}): keep it to ${SEGMENTS_WITHOUT_WARNING} or fewer.`);
    if (sms.encoding === 'UCS-2') warnings.push('A character outside GSM-7 (an emoji, a curly quote or an accent GSM-7 lacks) makes every segment hold 70 characters instead of 160.');
    return { subject, text, sms, warnings };
  }

  /** The kind's text in force on each channel for `language`: es-MX, then es, then the store's en, then the shipped text. */
  private async effective(store: Store, kind: NoticeKind, language: string): Promise<Record<MessageChannel, EffectiveTemplate>> {
    const locales = [...new Set([language, language.split('-')[0], DEFAULT_LOCALE])];
    const overrides = await this.em.fork().find(MessageTemplate, { store: store.id, kind: kind.kind, locale: { $in: locales } });
    const inForce = (channel: MessageChannel): EffectiveTemplate => {
      for (const locale of locales) {
        const own = overrides.find((template) => template.channel === channel && template.locale === locale);
        if (own) return fromOverride(own);
      }
      return shipped(kind, channel);
    };
    return { sms: inForce('sms'), email: inForce('email') };
  }

  private kindOf(name: string): NoticeKind {
    const kind = this.catalog.find(name);
    if (!kind) throw messagingError('UNKNOWN_MESSAGE_KIND', `There is no message kind ${name}.`, { kinds: this.catalog.all().map((known) => known.kind) });
    return kind;
  }

  /** Refuses a template that rendering could not fill, naming the field (`body`, `subject`) at fault. */
  private check(kind: NoticeKind, channel: MessageChannel, text: TemplateText): void {
    const known = this.catalog.variablesOf(kind);
    if (channel === 'email' && !text.subject?.trim()) throw validationFailed([{ field: 'subject', problems: ['subject is required for an email template'] }]);
    if (channel === 'sms' && text.subject !== undefined) throw validationFailed([{ field: 'subject', problems: ['subject must be left out: an SMS has no subject'] }]);
    const fields = { body: text.body, ...(text.subject !== undefined ? { subject: text.subject } : {}) };
    const unknown = Object.entries(fields).flatMap(([field, value]) => unknownPlaceholders(value, known).map((name) => ({ field, name })));
    if (unknown.length > 0) {
      const names = [...new Set(unknown.map(({ name }) => name))];
      throw messagingError('UNKNOWN_TEMPLATE_VARIABLE', `${names.map((name) => `{{${name}}}`).join(', ')} is not a variable of ${kind.kind}.`, {
        unknown: names,
        variables: known,
        errors: [...new Set(unknown.map(({ field }) => field))].map((field) => ({ field, problems: [`${field} uses variables ${kind.kind} does not have`] })),
      });
    }
    const malformed = Object.entries(fields).filter(([, value]) => strayBraces(value));
    if (malformed.length > 0) {
      throw messagingError('TEMPLATE_SYNTAX', 'Write each variable as {{name}}: a brace is unmatched or a name has spaces in it.', {
        variables: known,
        errors: malformed.map(([field]) => ({ field, problems: [`${field} has a brace that is not part of a {{variable}}`] })),
      });
    }
  }

  private examplesOf(kind: NoticeKind, store: Store): Record<string, string> {
    return {
      firstName: 'Maria',
      jobNumber: kind.kind.startsWith('order.') ? 'C-000042' : 'R-001234-1',
      stage: 'At the bench',
      promisedDate: 'Dec 7',
      storeName: store.name,
      storePhone: store.phone ?? '',
      ...kind.variables,
    };
  }
}

function shipped(kind: NoticeKind, channel: MessageChannel): EffectiveTemplate {
  const defaults = kind.defaults;
  return channel === 'sms'
    ? { kind: kind.kind, channel, locale: DEFAULT_LOCALE, source: 'default', subject: null, body: defaults.sms }
    : { kind: kind.kind, channel, locale: DEFAULT_LOCALE, source: 'default', subject: defaults.email.subject, body: defaults.email.body };
}

function fromOverride(template: MessageTemplate): EffectiveTemplate {
  return { kind: template.kind, channel: template.channel, locale: template.locale, source: 'store', subject: template.subject ?? null, body: template.body };
}
