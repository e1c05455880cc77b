import { errorCodes } from '../platform/errors/domain-error.js';

/** The error codes of messaging, each with its one kind of answer. */
export const messagingError = errorCodes('messaging', {
  INBOX_MESSAGE_NOT_FOUND: 'not_found',
  INVALID_TWILIO_SIGNATURE: 'forbidden',
});
