import { defineSearchAttributeKey } from '@temporalio/common';
import type { JobKind } from './job-model.js';

/**
 * The custom search attributes of every job workflow, so a manager finds a job in Temporal's Web UI
 * and CLI by what is printed on its label (`AtelierJobNumber = "R-001234-1"`). No personal data:
 * ids, numbers, stage and dates only. Registered on the dev servers the app, the tests and the
 * benchmark start, and by the worker on start-up (docs/operations.md has the queries).
 */
export const JOB_NUMBER = defineSearchAttributeKey('AtelierJobNumber', 'KEYWORD');
export const TICKET_NUMBER = defineSearchAttributeKey('AtelierTicket', 'KEYWORD');
export const JOB_KIND = defineSearchAttributeKey('AtelierJobKind', 'KEYWORD');
export const STORE_ID = defineSearchAttributeKey('AtelierStoreId', 'KEYWORD');
export const CUSTOMER_ID = defineSearchAttributeKey('AtelierCustomerId', 'KEYWORD');
export const STAGE = defineSearchAttributeKey('AtelierStage', 'KEYWORD');
export const ASSIGNEE = defineSearchAttributeKey('AtelierAssignee', 'KEYWORD');
export const PROMISED_BY = defineSearchAttributeKey('AtelierPromisedBy', 'DATETIME');
export const OVERDUE = defineSearchAttributeKey('AtelierOverdue', 'BOOL');

export const JOB_SEARCH_ATTRIBUTES = [
  JOB_NUMBER,
  TICKET_NUMBER,
  JOB_KIND,
  STORE_ID,
  CUSTOMER_ID,
  STAGE,
  ASSIGNEE,
  PROMISED_BY,
  OVERDUE,
] as const;

/** What a job is, fixed at its start. */
export interface JobIdentity {
  kind: JobKind;
  jobNumber: string;
  ticketNumber: string;
  storeId: string;
  customerId: string;
  stage: string;
  /** The instant the promised day ends, if there is one. */
  promisedDeadlineAt: string | null;
}

/** The attributes a job workflow starts with (set by whoever starts it; no history event of its own). */
export function startingSearchAttributes(job: JobIdentity) {
  return [
    { key: JOB_NUMBER, value: job.jobNumber },
    { key: TICKET_NUMBER, value: job.ticketNumber },
    { key: JOB_KIND, value: job.kind },
    { key: STORE_ID, value: job.storeId },
    { key: CUSTOMER_ID, value: job.customerId },
    { key: STAGE, value: job.stage },
    { key: OVERDUE, value: false },
    ...(job.promisedDeadlineAt ? [{ key: PROMISED_BY, value: new Date(job.promisedDeadlineAt) }] : []),
  ];
}

/** The one-line summary the Web UI shows beside the workflow id: number and item, no names. */
export function jobSummary(jobNumber: string, item: string): string {
  const shortItem = item.length > 60 ? `${item.slice(0, 59)}…` : item;
  return `${jobNumber} · ${shortItem}`;
}
