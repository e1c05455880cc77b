import { SendError } from './send-error.js';

export interface OutgoingEmail {
  to: string;
  /** The From display name: the store's. */
  senderName: string;
  subject: string;
  text: string;
  html: string;
  /** The Message-ID header, the same on every attempt: a mailbox shows a resent copy once. */
  messageId: string;
  /** Where one click unsubscribes (List-Unsubscribe, with List-Unsubscribe-Post for one-click). */
  unsubscribeUrl: string;
}

export interface EmailReceipt {
  providerMessageId: string;
}

/** An email the server did not take; `kind` says what may be done about it. */
export class EmailSendError extends SendError {
  override name = 'EmailSendError';
}

/** The email channel's one operation; the delivery worker never knows which server it talks to. */
export abstract class EmailSender {
  abstract send(email: OutgoingEmail): Promise<EmailReceipt>;
}
