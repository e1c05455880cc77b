import { errorCodes } from '../platform/errors/domain-error.js';

/** The error codes of stores, each with its one kind of answer. */
export const storeError = errorCodes('stores', {
  STORE_CODE_TAKEN: 'conflict',
  STORE_NOT_FOUND: 'not_found',
});
