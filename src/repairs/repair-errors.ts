import { errorCodes } from '../platform/errors/domain-error.js';

/** The error codes of repair take-in, each with its one kind of answer. */
export const repairError = errorCodes('repairs', {
  CUSTOMER_NOT_FOUND: 'not_found',
  IDEMPOTENCY_KEY_REUSED: 'unprocessable',
  RUSH_NEEDS_MANAGER: 'forbidden',
});
