export interface OutgoingSms {
  to: string;
  body: string;
}

export interface SmsReceipt {
  providerMessageId: string;
  providerStatus: string;
}

/** A refusal by the SMS provider; `permanent` ones (opted out, invalid number) are never retried. */
export class SmsSendError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}

/** One small interface per channel: the delivery worker never knows which provider it talks to. */
export abstract class SmsSender {
  abstract send(sms: OutgoingSms): Promise<SmsReceipt>;
}
