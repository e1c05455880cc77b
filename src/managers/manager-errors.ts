import { errorCodes } from '../platform/errors/domain-error.js';

/** The error codes of the managers' reports. */
export const managerError = errorCodes('managers', {
  STORE_NOT_FOUND: 'not_found',
});
