import { Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { AppConfig } from '../platform/config/app-config.js';
import { SEND_TIMEOUT_MS } from './send-error.js';
import { type OutgoingSms, type SmsReceipt, SmsSendError, SmsSender } from './sms-sender.js';

type RequestOptions = Parameters<twilio.RequestClient['request']>[0];

/** Sends the SDK's real requests to another base URL (a local Twilio API server in tests and dev). */
class RedirectingRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: URL,
    options: { timeout: number },
  ) {
    super(options);
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
  /** Where Twilio reports each text's fate (delivered, undelivered): the API's signed webhook. */
  private readonly statusCallback: string;

  constructor(config: AppConfig) {
    super();
    this.statusCallback = `${config.http.publicBaseUrl.replace(/\/$/, '')}/webhooks/twilio/status`;
    const { accountSid, authToken, fromNumber, apiBaseUrl } = config.twilio;
    const httpClient = apiBaseUrl ? new RedirectingRequestClient(new URL(apiBaseUrl), { timeout: SEND_TIMEOUT_MS }) : undefined;
    this.client = twilio(accountSid, authToken, { httpClient, autoRetry: false, timeout: SEND_TIMEOUT_MS });
    this.from = fromNumber;
  }

  async send({ to, body }: OutgoingSms): Promise<SmsReceipt> {
    try {
      const message = await this.client.messages.create({ to, from: this.from, body, statusCallback: this.statusCallback });
      return { providerMessageId: message.sid, providerStatus: message.status };
    } catch (error) {
      throw toSmsSendError(error);
    }
  }

  /** Twilio lists a number's messages newest first; the exact body sent after `since` is ours. */
  async findAccepted({ to, body }: OutgoingSms, since: Date): Promise<SmsReceipt | undefined> {
    try {
      const recent = await this.client.messages.list({ to, from: this.from, pageSize: LOOKUP_PAGE_SIZE, limit: LOOKUP_PAGE_SIZE });
      const match = recent.find((message) => message.body === body && message.dateCreated.getTime() >= since.getTime() - CLOCK_SKEW_MS);
      return match && { providerMessageId: match.sid, providerStatus: match.status };
    } catch (error) {
      throw toSmsSendError(error);
    }
  }
}

/** Recent messages to one number read when settling an unknown outcome. */
const LOOKUP_PAGE_SIZE = 50;
/** Twilio stamps messages with its own clock (whole seconds): allow for the difference. */
const CLOCK_SKEW_MS = 120_000;

function toSmsSendError(error: unknown): SmsSendError {
  const { status, code, message } = error as { status?: number; code?: number; message?: string };
  if (typeof status === 'number') {
    const twilioCode = code ? `TWILIO_${code}` : `HTTP_${status}`;
    if (status === 429) return new SmsSendError(message ?? 'Twilio asks to slow down', twilioCode, 'rate_limited');
    // 4xx is a refusal of this message; 5xx is Twilio having a bad moment (it did not take it).
    const permanent = (code !== undefined && PERMANENT_TWILIO_ERRORS.has(code)) || (status >= 400 && status < 500);
    return new SmsSendError(message ?? `Twilio answered ${status}`, twilioCode, permanent ? 'permanent' : 'transient');
  }
  // No HTTP answer at all: the request may have reached Twilio before the connection failed.
  return new SmsSendError(error instanceof Error ? error.message : String(error), 'NETWORK_ERROR', 'outcome_unknown');
}
