export interface OutgoingSms {
  to: string;
  body: string;
}

export interface SmsReceipt {
  providerMessageId: string;
  providerStatus: string;
}

export type SmsFailureKind =
  /** Refused for good (opted out, invalid number): never retried. */
  | 'permanent'
  /** The provider answered and did not take it (5xx, timeout on its side): retry later. */
  | 'transient'
  /** The provider asks us to slow down (HTTP 429): pause the whole queue, then retry. */
  | 'rate_limited'
  /** No answer came back (connection dropped, timed out): it may or may not have been accepted. */
  | 'outcome_unknown';

/** A send that did not end in an accepted message; `kind` says what may be done about it. */
export class SmsSendError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly kind: SmsFailureKind,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}

/** One small interface per channel: the delivery worker never knows which provider it talks to. */
export abstract class SmsSender {
  abstract send(sms: OutgoingSms): Promise<SmsReceipt>;

  /**
   * The message the provider accepted for `sms` at or after `since`, if any: how an attempt whose
   * outcome is unknown is settled before anything is sent again.
   */
  abstract findAccepted(sms: OutgoingSms, since: Date): Promise<SmsReceipt | undefined>;
}
