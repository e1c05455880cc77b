import { errorCodes } from '../platform/errors/domain-error.js';

/** The error codes of messaging, each with its one kind of answer. */
export const messagingError = errorCodes('messaging', {
  INBOX_MESSAGE_NOT_FOUND: 'not_found',
  INVALID_TWILIO_SIGNATURE: 'forbidden',
  UNKNOWN_MESSAGE_KIND: 'not_found',
  UNKNOWN_TEMPLATE_VARIABLE: 'invalid',
  TEMPLATE_SYNTAX: 'invalid',
  TEMPLATE_NOT_FOUND: 'not_found',
  UNSUBSCRIBE_LINK_NOT_VALID: 'not_found',
});
