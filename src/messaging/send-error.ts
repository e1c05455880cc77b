/** The longest a provider call may take; one with no answer by then ends as an unknown outcome. */
export const SEND_TIMEOUT_MS = 10_000;

export type SendFailureKind =
  /** Refused for good (opted out, invalid number or address, SMTP 5xx): never retried. */
  | 'permanent'
  /** The provider answered and did not take it (Twilio 5xx, SMTP 4xx): retry later. */
  | 'transient'
  /** The provider asks us to slow down (HTTP 429): pause the whole queue, then retry. */
  | 'rate_limited'
  /** No answer came back (connection dropped, timed out): it may or may not have been accepted. */
  | 'outcome_unknown';

/** A send that did not end in an accepted message, on any channel; `kind` says what may be done about it. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly kind: SendFailureKind,
  ) {
    super(message);
    this.name = 'SendError';
  }
}
