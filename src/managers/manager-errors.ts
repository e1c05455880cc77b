import { errorCodes } from '../platform/errors/domain-error.js';

/** The error codes of the managers' reports. */
export const managerError = errorCodes('managers', {
  STORE_NOT_FOUND: 'not_found',
  /** A dashboard's or export's period whose `from` is after its `to`. */
  PERIOD_REVERSED: 'invalid',
  /** A period longer than MAX_PERIOD_DAYS (366 days). */
  PERIOD_TOO_LONG: 'invalid',
});
