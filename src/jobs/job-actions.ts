import type { UpdateDefinition } from '@temporalio/common';
import type { JobPayment } from '../../workflows/shared/job-activities.js';
import type { JobSnapshot } from '../../workflows/shared/job-model.js';
import type { TemporalGateway } from '../platform/temporal/temporal-gateway.service.js';
import type { PaymentDto } from './dto/job-parts.dto.js';
import type { JobItem } from './job-item.entity.js';
import { itemRow, projectionOf } from './job-projection.js';
import type { Job } from './job.entity.js';

/**
 * Sends one Update to a job's workflow and reads what the answer needs besides (the photos) while
 * the workflow acts. `updateId` comes from the Idempotency-Key, so a retry attaches to the first.
 */
export async function updateJob<State, Request, Beside>(
  temporal: TemporalGateway,
  job: Job,
  update: UpdateDefinition<State, [Request]>,
  request: Request,
  idempotencyKey: string | undefined,
  beside: Promise<Beside>,
): Promise<[State, Beside]> {
  return Promise.all([temporal.update(job.workflowId, update, request, idempotencyKey && `${update.name}:${idempotencyKey}`), beside]);
}

/**
 * The row read before an Update, brought up to the state the workflow answered (the Update waited
 * for its journal write, so this is the row as it is now), and the items as the snapshot has them.
 */
export function jobAsOf(job: Job, snapshot: JobSnapshot): Omit<JobItem, 'job'>[] {
  Object.assign(job, projectionOf(snapshot));
  return snapshot.items.map((item) => itemRow(job.id, item));
}

/** A payment as a job workflow takes it (currency upper-cased). */
export function jobPaymentOf(payment: PaymentDto): JobPayment {
  return {
    kind: payment.kind,
    amount: { amountMinor: payment.amount.amountMinor, currency: payment.amount.currency.toUpperCase() },
    method: payment.method,
    reference: payment.reference,
  };
}
