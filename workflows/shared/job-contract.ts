import { defineUpdate } from '@temporalio/workflow';
import type { Actor, CustodyHolder, CustodyLocation } from './job-model.js';

/** Actions every job lifecycle answers the same way, so shared routes (scan to move) need not know the kind. */
export interface MoveCustodyRequest {
  actor: Actor;
  location: Exclude<CustodyLocation, 'customer' | 'vendor'>;
  holder: CustodyHolder;
  detail?: string;
}

/** A hand-over by scan or by hand: the answer is the job's state after it. */
export const moveCustodyUpdate = defineUpdate<unknown, [MoveCustodyRequest]>('moveCustody');

/** Every job workflow id starts with its kind: `repair-<id>`, `order-<id>`. */
export function jobWorkflowId(kind: 'repair' | 'custom_order', jobId: string): string {
  return `${kind === 'repair' ? 'repair' : 'order'}-${jobId}`;
}
