import { errorCodes } from '../platform/errors/domain-error.js';

/** The error codes of custom orders, each with its one kind of answer. */
export const orderError = errorCodes('orders', {
  CUSTOMER_NOT_FOUND: 'not_found',
  IDEMPOTENCY_KEY_REUSED: 'unprocessable',
  ORDER_NOT_FOUND: 'not_found',
  RUSH_NEEDS_MANAGER: 'forbidden',
});
