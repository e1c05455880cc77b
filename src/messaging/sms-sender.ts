import { SendError } from './send-error.js';

export interface OutgoingSms {
  to: string;
  body: string;
}

export interface SmsReceipt {
  providerMessageId: string;
  providerStatus: string;
}

/** A text the provider did not take; `kind` says what may be done about it. */
export class SmsSendError extends SendError {
  override name = 'SmsSendError';
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
