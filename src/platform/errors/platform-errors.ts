import { errorCodes } from './domain-error.js';

/** The error codes of the platform (authentication, validation, the database and Temporal), each with its one kind of answer. */
export const platformError = errorCodes('platform', {
  ACTION_UNCONFIRMED: 'unavailable',
  ALERT_NOT_FOUND: 'not_found',
  AUTHENTICATION_REQUIRED: 'unauthenticated',
  BODY_TOO_LARGE: 'too_large',
  DATABASE_UNAVAILABLE: 'unavailable',
  JOB_CLOSED: 'conflict',
  JOB_NOT_FOUND: 'not_found',
  MALFORMED_JSON: 'invalid',
  ORDER_NOT_FOUND: 'not_found',
  MALFORMED_URL: 'invalid',
  PIECE_NOT_FOUND: 'not_found',
  REPAIR_NOT_FOUND: 'not_found',
  ROLE_NOT_ALLOWED: 'forbidden',
  STORE_NOT_FOUND: 'not_found',
  UNSUPPORTED_MEDIA_TYPE: 'unsupported_media_type',
  VALIDATION_FAILED: 'invalid',
  WORKFLOW_UNAVAILABLE: 'unavailable',
});
