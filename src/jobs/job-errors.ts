import { errorCodes } from '../platform/errors/domain-error.js';

/** The error codes of every kind of job (lists, labels, scans, alerts, tracking), each with its one kind of answer. */
export const jobError = errorCodes('jobs', {
  ALERT_NOT_FOUND: 'not_found',
  JOB_NOT_FOUND: 'not_found',
  JOB_NUMBER_AMBIGUOUS: 'conflict',
  PROMISED_DATE_IN_PAST: 'unprocessable',
  REPAIR_NOT_FOUND: 'not_found',
  TRACKING_NOT_FOUND: 'not_found',
  ANSWER_NOT_PENDING: 'conflict',
});
