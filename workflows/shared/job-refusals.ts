import { ApplicationFailure } from '@temporalio/common';

/**
 * Every refusal a job workflow's validators make, with the kind of answer it deserves. Workflows
 * throw them (as non-retryable application failures with a stable type); the API maps each to its
 * HTTP status once, from this table.
 */
export const JOB_REFUSALS = {
  /** The action is not one the job's stage allows (409, with the actions it does allow). */
  STAGE_TRANSITION_NOT_ALLOWED: 'conflict',
  /** The actor's role may not take this action (403). */
  ROLE_NOT_ALLOWED: 'forbidden',
  /** A rule of the trade refuses it: QC by the worker, a stale design version... (409). */
  RULE_VIOLATION: 'conflict',
  /** The request contradicts itself or the job (400): a QC failure naming a step the order lacks. */
  INVALID_REQUEST: 'invalid',
} as const;

export type JobRefusalCode = keyof typeof JOB_REFUSALS;

export interface JobRefusal {
  code: JobRefusalCode;
  /** A stable machine code for the specific rule, e.g. `QC_BY_WORKER`; the refusal code when none. */
  rule: string;
  message: string;
  details: Record<string, unknown>;
}

export function refuse(code: JobRefusalCode, message: string, details: Record<string, unknown> = {}, rule: string = code): never {
  const refusal: JobRefusal = { code, rule, message, details };
  throw ApplicationFailure.create({ type: code, message, details: [refusal], nonRetryable: true });
}

/** The refusal carried by a failure from a job workflow's Update, if it is one. */
export function refusalOf(failure: unknown): JobRefusal | undefined {
  if (!(failure instanceof ApplicationFailure) || !failure.type || !(failure.type in JOB_REFUSALS)) return undefined;
  const refusal = failure.details?.[0] as JobRefusal | undefined;
  return refusal && typeof refusal === 'object' && 'rule' in refusal ? refusal : { code: failure.type as JobRefusalCode, rule: failure.type, message: failure.message, details: {} };
}
