import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import type { JobPayment } from '../../workflows/shared/job-activities.js';
import type { Actor, JobSnapshot } from '../../workflows/shared/job-model.js';
import { PhotoView } from '../photos/photo.view.js';
import type { PhotosService } from '../photos/photos.service.js';
import { type StaffMember, actorOf, worksIn } from '../platform/auth/staff-auth.guard.js';
import type { DomainError } from '../platform/errors/domain-error.js';
import type { TemporalGateway } from '../platform/temporal/temporal-gateway.service.js';
import type { PaymentDto } from './dto/job-parts.dto.js';
import { JobItem } from './job-item.entity.js';
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

/** What differs between kinds of job when staff act on one: its detail row, its state, its view. */
export interface JobKindRecords<Detail extends { job: Job }, State, View> {
  kind: Job['kind'];
  /** The kind's own row beside the job's (`repair_jobs`, `custom_orders`), found with its job. */
  detail: EntityClass<Detail>;
  notFound(jobId: string): DomainError;
  stateQuery: QueryDefinition<State>;
  /** The projection the state says; undefined when the state is not of this kind's shape (its rows speak then). */
  snapshotOf(state: State): JobSnapshot | undefined;
  viewOf(job: Job, detail: Detail, items: Omit<JobItem, 'job'>[], state: State | undefined, viewer: Actor, photos: PhotoView[]): View;
}

/**
 * Reading a job and sending its workflow an Update, the same for every kind: the job (with its
 * detail row) in the caller's stores or its 404, the Update with the photos read alongside, and
 * the answer built from the state laid over the row (or from the rows when the workflow is silent).
 */
export class JobActionRunner<Detail extends { job: Job }, State, View> {
  constructor(
    private readonly em: EntityManager,
    private readonly temporal: TemporalGateway,
    private readonly photos: PhotosService,
    private readonly records: JobKindRecords<Detail, State, View>,
  ) {}

  async read(jobId: string, staff: StaffMember): Promise<View> {
    const detail = await this.require(jobId, staff);
    const [state, photos] = await Promise.all([this.temporal.query(detail.job.workflowId, this.records.stateQuery), this.photosOf(detail.job)]);
    return this.view(detail, state, actorOf(staff), photos);
  }

  /** Sends one Update to the job's workflow, built from the caller and the job. */
  async act<Request>(
    jobId: string,
    update: UpdateDefinition<State, [Request]>,
    staff: StaffMember,
    idempotencyKey: string | undefined,
    request: (actor: Actor, job: Job) => Request | Promise<Request>,
  ): Promise<View> {
    const detail = await this.require(jobId, staff);
    const actor = actorOf(staff);
    // No action adds or removes a photo, so the list is read while the workflow acts.
    const [state, photos] = await updateJob(this.temporal, detail.job, update, await request(actor, detail.job), idempotencyKey, this.photosOf(detail.job));
    return this.view(detail, state, actor, photos);
  }

  /** The job's detail row (with its job row) if the caller works in its store; otherwise the kind's 404. */
  async require(jobId: string, staff: StaffMember): Promise<Detail> {
    const detail = (await this.em.fork().findOne(this.records.detail, { job: { id: jobId, kind: this.records.kind } } as never, { populate: ['job'] as never })) as Detail | null;
    if (!detail || !worksIn(staff, detail.job.store.id)) throw this.records.notFound(jobId);
    return detail;
  }

  private async photosOf(job: Job): Promise<PhotoView[]> {
    return (await this.photos.list({ kind: 'job', id: job.id })).map(PhotoView.of);
  }

  private async view(detail: Detail, state: State | undefined, viewer: Actor, photos: PhotoView[]): Promise<View> {
    const job = detail.job;
    const snapshot = state === undefined ? undefined : this.records.snapshotOf(state);
    if (!snapshot) {
      const items = await this.em.fork().find(JobItem, { job: job.id }, { orderBy: { key: 'asc' } });
      return this.records.viewOf(job, detail, items, undefined, viewer, photos);
    }
    return this.records.viewOf(job, detail, jobAsOf(job, snapshot), state, viewer, photos);
  }
}
