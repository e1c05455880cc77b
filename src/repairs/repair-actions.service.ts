import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import {
  type RepairStateView,
  assignBenchUpdate,
  cancelRepairUpdate,
  changePromisedDateUpdate,
  decideEstimateUpdate,
  failQualityCheckUpdate,
  finishWorkUpdate,
  getRepairStateQuery,
  moveCustodyUpdate,
  passQualityCheckUpdate,
  provideEstimateUpdate,
  receiveFromVendorUpdate,
  recordContactAttemptUpdate,
  recordPaymentUpdate,
  recordPickupUpdate,
  sendToVendorUpdate,
} from '../../workflows/repair-job/contract.js';
import { repairSnapshotOf } from '../../workflows/repair-job/stages.js';
import type { Actor } from '../../workflows/shared/job-model.js';
import { custodyRequestOf } from '../jobs/custody-requests.js';
import type { MoveCustodyDto, PaymentDto } from '../jobs/dto/job-parts.dto.js';
import type { Job } from '../jobs/job.entity.js';
import { jobNotFound } from '../jobs/jobs.service.js';
import { JobActionRunner, jobPaymentOf } from '../jobs/job-actions.js';
import { endOfStoreDay, promiseFor } from '../jobs/promises.js';
import type { StaffMember } from '../platform/auth/staff-auth.guard.js';
import { Customer } from '../customers/customer.entity.js';
import { jobLabelPdf } from '../jobs/job-label.js';
import { PriceLines } from '../metal-prices/price-lines.service.js';
import { PhotoView } from '../photos/photo.view.js';
import { PhotosService } from '../photos/photos.service.js';
import { StaffDirectory } from '../staff/staff-directory.service.js';
import { AppConfig } from '../platform/config/app-config.js';
import { TemporalGateway } from '../platform/temporal/temporal-gateway.service.js';
import { StoresService } from '../stores/stores.service.js';
import type {
  AssignBenchDto,
  CancelRepairDto,
  ChangePromisedDateDto,
  ContactAttemptDto,
  EstimateDecisionDto,
  FailQualityCheckDto,
  FinishWorkDto,
  PassQualityCheckDto,
  ProvideEstimateDto,
  ReceiveFromVendorDto,
  RecordPickupDto,
  SendToVendorDto,
} from './dto/repair-actions.dto.js';
import { RepairJob } from './repair-job.entity.js';
import { type RepairView, repairView } from './repair.view.js';

/**
 * Every staff action on a repair: checked at the edge (DTOs), sent to the repair's workflow as its
 * Update (which refuses what the stage, the role or the rules forbid), answered with the repair as
 * it is after it. A retried request with the same Idempotency-Key attaches to the first Update.
 */
@Injectable()
export class RepairActions {
  private readonly runner: JobActionRunner<RepairJob, RepairStateView, RepairView>;

  constructor(
    private readonly em: EntityManager,
    temporal: TemporalGateway,
    private readonly stores: StoresService,
    private readonly directory: StaffDirectory,
    private readonly priceLines: PriceLines,
    private readonly photos: PhotosService,
    config: AppConfig,
  ) {
    this.runner = new JobActionRunner(em, temporal, photos, {
      kind: 'repair',
      detail: RepairJob,
      notFound: (jobId) => jobNotFound('repair', jobId),
      stateQuery: getRepairStateQuery,
      // A job of the foundation's workflow (legacy-v1) answers a state of another shape: its rows speak for it.
      snapshotOf: (state) => ('takeIn' in state ? repairSnapshotOf(state) : undefined),
      viewOf: (job, repair, items, state, viewer, photoViews) => repairView(job, repair, items, state, viewer, config, photoViews),
    });
  }

  private act<Request>(jobId: string, update: UpdateDefinition<RepairStateView, [Request]>, staff: StaffMember, key: string | undefined, request: (actor: Actor, job: Job) => Request | Promise<Request>) {
    return this.runner.act(jobId, update, staff, key, request);
  }

  read(jobId: string, staff: StaffMember): Promise<RepairView> {
    return this.runner.read(jobId, staff);
  }

  provideEstimate(jobId: string, body: ProvideEstimateDto, staff: StaffMember, key?: string) {
    return this.act(jobId, provideEstimateUpdate, staff, key, async (actor, job) => ({
      actor,
      lines: await this.priceLines.resolve(body.lines, await this.stores.get(job.store.id), 'lines'),
      note: body.note,
    }));
  }

  decideEstimate(jobId: string, body: EstimateDecisionDto, staff: StaffMember, key?: string) {
    return this.act(jobId, decideEstimateUpdate, staff, key, (actor) => ({
      actor: { ...actor, channel: body.channel },
      approvalId: body.approvalId,
      decision: body.decision,
      comment: body.comment,
    }));
  }

  assignBench(jobId: string, body: AssignBenchDto, staff: StaffMember, key?: string) {
    return this.act(jobId, assignBenchUpdate, staff, key, async (actor, job) => {
      const jeweler = await this.directory.require(body.jewelerId, 'jewelerId', job.store.id);
      return { actor, jeweler: { id: jeweler.id, name: jeweler.name } };
    });
  }

  sendToVendor(jobId: string, body: SendToVendorDto, staff: StaffMember, key?: string) {
    return this.act(jobId, sendToVendorUpdate, staff, key, async (actor, job) => {
      const expected = endOfStoreDay(body.expectedBackOn, await this.stores.get(job.store.id), 'expectedBackOn');
      return { actor, vendor: body.vendorName, reference: body.reference, expectedBackOn: expected.date, expectedBackAt: expected.at };
    });
  }

  receiveFromVendor(jobId: string, body: ReceiveFromVendorDto, staff: StaffMember, key?: string) {
    return this.act(jobId, receiveFromVendorUpdate, staff, key, (actor) => ({ actor, next: body.next ?? 'quality_check', note: body.note }));
  }

  finishWork(jobId: string, body: FinishWorkDto, staff: StaffMember, key?: string) {
    return this.act(jobId, finishWorkUpdate, staff, key, (actor) => ({ actor, note: body.note }));
  }

  passQualityCheck(jobId: string, body: PassQualityCheckDto, staff: StaffMember, key?: string) {
    return this.act(jobId, passQualityCheckUpdate, staff, key, async (actor, job) => {
      const completionPhotoIds = body.completionPhotoIds ?? [];
      await this.photos.assertOwned({ kind: 'job', id: job.id }, completionPhotoIds, 'completionPhotoIds');
      return { actor, completionPhotoIds, note: body.note };
    });
  }

  failQualityCheck(jobId: string, body: FailQualityCheckDto, staff: StaffMember, key?: string) {
    return this.act(jobId, failQualityCheckUpdate, staff, key, (actor) => ({ actor, reason: body.reason }));
  }

  recordPickup(jobId: string, body: RecordPickupDto, staff: StaffMember, key?: string) {
    return this.act(jobId, recordPickupUpdate, staff, key, async (actor, job) => {
      const signature = body.confirmation.signaturePhotoId;
      if (signature) await this.photos.assertOwned({ kind: 'job', id: job.id }, [signature], 'confirmation.signaturePhotoId');
      return {
        actor,
        payments: body.payments.map(jobPaymentOf),
        confirmation: { typedName: body.confirmation.typedName, signaturePhotoId: signature },
        idChecked: body.idChecked,
        waiveBalanceReason: body.waiveBalanceReason,
      };
    });
  }

  /** The envelope label: a PDF with the job number as text and as a QR code for `POST /jobs/scan`. */
  async label(jobId: string, staff: StaffMember): Promise<{ number: string; pdf: Uint8Array }> {
    const repair = await this.runner.require(jobId, staff);
    const job = repair.job;
    const [customer, store] = await Promise.all([this.em.fork().findOneOrFail(Customer, { id: job.customer.id }), this.stores.get(job.store.id)]);
    const pdf = await jobLabelPdf({
      storeName: store.name,
      jobNumber: job.number,
      itemOfCount: repair.itemCount > 1 ? `Job ${repair.itemIndex} of ${repair.itemCount}` : null,
      customerName: `${customer.firstName} ${customer.lastName}`,
      promisedBy: job.promisedBy ?? null,
      summary: job.summary,
    });
    return { number: job.number, pdf };
  }

  /** A photo of the customer's piece (at take-in, of the finished work, a drawn signature), kept with the job. */
  async addPhoto(jobId: string, body: unknown, contentType: string | undefined, staff: StaffMember): Promise<PhotoView> {
    const { job } = await this.runner.require(jobId, staff);
    return PhotoView.of(await this.photos.add(staff, { kind: 'job', id: job.id, storeId: job.store.id }, body, contentType));
  }

  cancel(jobId: string, body: CancelRepairDto, staff: StaffMember, key?: string) {
    return this.act(jobId, cancelRepairUpdate, staff, key, (actor) => ({ actor, reason: body.reason }));
  }

  moveCustody(jobId: string, body: MoveCustodyDto, staff: StaffMember, key?: string) {
    return this.act(jobId, moveCustodyUpdate, staff, key, (_actor, job) => custodyRequestOf(body, staff, this.directory, job.store.id));
  }

  changePromisedDate(jobId: string, body: ChangePromisedDateDto, staff: StaffMember, key?: string) {
    return this.act(jobId, changePromisedDateUpdate, staff, key, async (actor, job) => {
      const store = await this.stores.get(job.store.id);
      return { actor, promised: promiseFor(body.promisedBy, store, this.stores.policyOf(store)), reason: body.reason };
    });
  }

  recordPayment(jobId: string, body: PaymentDto, staff: StaffMember, key?: string) {
    return this.act(jobId, recordPaymentUpdate, staff, key, (actor) => ({ actor, payment: jobPaymentOf(body) }));
  }

  recordContactAttempt(jobId: string, body: ContactAttemptDto, staff: StaffMember, key?: string) {
    return this.act(jobId, recordContactAttemptUpdate, staff, key, (actor) => ({ actor, channel: body.channel, outcome: body.outcome }));
  }
}
