import { errorCodes } from '../platform/errors/domain-error.js';

/** The error codes of customer records, each with its one kind of answer. */
export const customerError = errorCodes('customers', {
  CUSTOMER_MERGED: 'conflict',
  CUSTOMER_NOT_FOUND: 'not_found',
  MERGE_WITH_ITSELF: 'conflict',
  OCCASION_NOT_FOUND: 'not_found',
});
