import { Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { AppConfig } from '../platform/config/app-config.js';
import { type OutgoingSms, type SmsReceipt, SmsSendError, SmsSender } from './sms-sender.js';

type RequestOptions = Parameters<twilio.RequestClient['request']>[0];

/** Sends the SDK's real requests to another base URL (a local Twilio API server in tests and dev). */
class RedirectingRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: URL) {
    super();
  }

  override request<TData>(options: RequestOptions) {
    const target = new URL(options.uri);
    target.protocol = this.baseUrl.protocol;
    target.host = this.baseUrl.host;
    return super.request<TData>({ ...options, uri: target.toString() } as RequestOptions & { data?: TData });
  }
}

/** Twilio errors that no retry can fix: https://www.twilio.com/docs/api/errors */
const PERMANENT_TWILIO_ERRORS = new Set([
  21211, // invalid "To" number
  21408, // region not enabled
  21610, // recipient replied STOP
  21612, // unreachable "To" number
  21614, // not a mobile number
]);

@Injectable()
export class TwilioSmsSender extends SmsSender {
  private readonly client: twilio.Twilio;
  private readonly from: string;

  constructor(config: AppConfig) {
    super();
    const { accountSid, authToken, fromNumber, apiBaseUrl } = config.twilio;
    const httpClient = apiBaseUrl ? new RedirectingRequestClient(new URL(apiBaseUrl)) : undefined;
    this.client = twilio(accountSid, authToken, { httpClient, autoRetry: false });
    this.from = fromNumber;
  }

  async send({ to, body }: OutgoingSms): Promise<SmsReceipt> {
    try {
      const message = await this.client.messages.create({ to, from: this.from, body });
      return { providerMessageId: message.sid, providerStatus: message.status };
    } catch (error) {
      throw toSmsSendError(error);
    }
  }
}

function toSmsSendError(error: unknown): SmsSendError {
  const { status, code, message } = error as { status?: number; code?: number; message?: string };
  if (typeof status === 'number') {
    // 4xx is a refusal of this message (except rate limiting); 5xx is Twilio having a bad moment.
    const permanent = (code !== undefined && PERMANENT_TWILIO_ERRORS.has(code)) || (status >= 400 && status < 500 && status !== 429);
    return new SmsSendError(message ?? `Twilio answered ${status}`, code ? `TWILIO_${code}` : `HTTP_${status}`, permanent);
  }
  return new SmsSendError(error instanceof Error ? error.message : String(error), 'NETWORK_ERROR', false);
}
