import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import {
  type OrderStateView,
  addDesignVersionUpdate,
  cancelOrderUpdate,
  changeOrderPromisedDateUpdate,
  decideDesignUpdate,
  decideTryOnUpdate,
  failOrderQualityCheckUpdate,
  finishStepUpdate,
  getOrderStateQuery,
  handOverUpdate,
  moveOrderCustodyUpdate,
  passOrderQualityCheckUpdate,
  receiveStepFromVendorUpdate,
  recordOrderContactAttemptUpdate,
  recordOrderPaymentUpdate,
  sendStepToVendorUpdate,
  startProductionUpdate,
  startStepUpdate,
} from '../../workflows/custom-order/contract.js';
import { orderSnapshotOf } from '../../workflows/custom-order/stages.js';
import type { Actor } from '../../workflows/shared/job-model.js';
import { custodyRequestOf } from '../jobs/custody-requests.js';
import type { ChangePromisedDateDto, ContactAttemptDto, MoveCustodyDto, PaymentDto } from '../jobs/dto/job-parts.dto.js';
import { jobAsOf, jobPaymentOf, updateJob } from '../jobs/job-actions.js';
import { JobItem } from '../jobs/job-item.entity.js';
import type { Job } from '../jobs/job.entity.js';
import { endOfStoreDay, promiseAfterLeadTimes, promiseFor } from '../jobs/promises.js';
import { type StaffMember, actorOf, worksIn } from '../platform/auth/staff-auth.guard.js';
import { AppConfig } from '../platform/config/app-config.js';
import { validationFailed } from '../platform/http/validation.js';
import { TemporalGateway } from '../platform/temporal/temporal-gateway.service.js';
import { PhotoView } from '../photos/photo.view.js';
import { PhotosService } from '../photos/photos.service.js';
import { PriceLines } from '../metal-prices/price-lines.service.js';
import { StaffDirectory } from '../staff/staff-directory.service.js';
import { StoresService } from '../stores/stores.service.js';
import { CustomOrder } from './custom-order.entity.js';
import type {
  AddDesignVersionDto,
  CancelOrderDto,
  DesignDecisionDto,
  HandOverDto,
  OrderQcFailDto,
  OrderQcPassDto,
  StartProductionDto,
  StartStepDto,
  StepNoteDto,
  StepToVendorDto,
  TryOnDecisionDto,
} from './dto/order.dto.js';
import { orderError } from './order-errors.js';
import { type OrderView, orderView } from './order.view.js';

/**
 * Every staff action on a custom order: checked at the edge (DTOs), sent to the order's workflow
 * as its Update (which refuses what the stage, the role or the rules forbid), answered with the
 * order as it is after it.
 */
@Injectable()
export class OrderActions {
  constructor(
    private readonly em: EntityManager,
    private readonly temporal: TemporalGateway,
    private readonly stores: StoresService,
    private readonly directory: StaffDirectory,
    private readonly priceLines: PriceLines,
    private readonly photos: PhotosService,
    private readonly config: AppConfig,
  ) {}

  async read(jobId: string, staff: StaffMember): Promise<OrderView> {
    const order = await this.requireOrder(jobId, staff);
    const [state, photos] = await Promise.all([this.temporal.query(order.job.workflowId, getOrderStateQuery), this.photosOf(order.job)]);
    return this.view(order, state, actorOf(staff), photos);
  }

  async addPhoto(jobId: string, body: unknown, contentType: string | undefined, staff: StaffMember): Promise<PhotoView> {
    const { job } = await this.requireOrder(jobId, staff);
    return PhotoView.of(await this.photos.add(staff, { kind: 'job', id: job.id, storeId: job.store.id }, body, contentType));
  }

  addDesignVersion(jobId: string, body: AddDesignVersionDto, staff: StaffMember, key?: string) {
    return this.act(jobId, addDesignVersionUpdate, staff, key, async (actor, job) => {
      const fileIds = body.fileIds ?? [];
      await this.photos.assertOwned({ kind: 'job', id: job.id }, fileIds, 'fileIds');
      const lines = await this.priceLines.resolve(body.lines, await this.stores.get(job.store.id), 'lines');
      return { actor, fileIds, notes: body.notes, lines, extraRoundAgreement: body.extraRoundAgreement };
    });
  }

  decideDesign(jobId: string, body: DesignDecisionDto, staff: StaffMember, key?: string) {
    return this.act(jobId, decideDesignUpdate, staff, key, (actor) => ({ actor: { ...actor, channel: body.channel }, approvalId: body.approvalId, decision: body.decision, comment: body.comment }));
  }

  /** The order's steps (the store's, unless staff chose others); their lead times may move the promise later. */
  startProduction(jobId: string, body: StartProductionDto, staff: StaffMember, key?: string) {
    return this.act(jobId, startProductionUpdate, staff, key, async (actor, job) => {
      const store = await this.stores.get(job.store.id);
      const steps = body.steps ?? this.stores.policyOf(store).productionSteps;
      const leadDays = steps.reduce((sum, step) => sum + step.leadDays, 0);
      const promised = promiseAfterLeadTimes(leadDays, job.promisedBy, store);
      return { actor, steps: steps.map(({ key: stepKey, kind, label }) => ({ key: stepKey, kind, label })), tryOn: body.tryOn, promised };
    });
  }

  startStep(jobId: string, stepKey: string, body: StartStepDto, staff: StaffMember, key?: string) {
    return this.act(jobId, startStepUpdate, staff, key, async (actor, job) => {
      const artisan = await this.directory.require(body.artisanId, 'artisanId', job.store.id);
      return { actor, stepKey, artisan: { id: artisan.id, name: artisan.name } };
    });
  }

  finishStep(jobId: string, stepKey: string, body: StepNoteDto, staff: StaffMember, key?: string) {
    return this.act(jobId, finishStepUpdate, staff, key, (actor) => ({ actor, stepKey, note: body.note }));
  }

  sendStepToVendor(jobId: string, stepKey: string, body: StepToVendorDto, staff: StaffMember, key?: string) {
    return this.act(jobId, sendStepToVendorUpdate, staff, key, async (actor, job) => {
      const expected = endOfStoreDay(body.expectedBackOn, await this.stores.get(job.store.id), 'expectedBackOn');
      return { actor, stepKey, vendor: body.vendorName, reference: body.reference, expectedBackOn: expected.date, expectedBackAt: expected.at };
    });
  }

  receiveStepFromVendor(jobId: string, stepKey: string, body: StepNoteDto, staff: StaffMember, key?: string) {
    return this.act(jobId, receiveStepFromVendorUpdate, staff, key, (actor) => ({ actor, stepKey, note: body.note }));
  }

  decideTryOn(jobId: string, body: TryOnDecisionDto, staff: StaffMember, key?: string) {
    return this.act(jobId, decideTryOnUpdate, staff, key, (actor) => ({ actor: { ...actor, channel: body.channel }, approvalId: body.approvalId, decision: body.decision, comment: body.comment }));
  }

  passQualityCheck(jobId: string, body: OrderQcPassDto, staff: StaffMember, key?: string) {
    return this.act(jobId, passOrderQualityCheckUpdate, staff, key, async (actor, job) => {
      const completionPhotoIds = body.completionPhotoIds ?? [];
      await this.photos.assertOwned({ kind: 'job', id: job.id }, completionPhotoIds, 'completionPhotoIds');
      return { actor, completionPhotoIds, note: body.note };
    });
  }

  failQualityCheck(jobId: string, body: OrderQcFailDto, staff: StaffMember, key?: string) {
    return this.act(jobId, failOrderQualityCheckUpdate, staff, key, (actor) => ({ actor, backToStep: body.backToStep, reason: body.reason }));
  }

  handOver(jobId: string, body: HandOverDto, staff: StaffMember, key?: string) {
    return this.act(jobId, handOverUpdate, staff, key, async (actor, job) => {
      const signature = body.confirmation.signaturePhotoId;
      if (signature) await this.photos.assertOwned({ kind: 'job', id: job.id }, [signature], 'confirmation.signaturePhotoId');
      return {
        actor,
        method: body.method,
        carrier: body.carrier,
        trackingNumber: body.trackingNumber,
        payments: body.payments.map(jobPaymentOf),
        confirmation: { typedName: body.confirmation.typedName, signaturePhotoId: signature },
        idChecked: body.idChecked,
      };
    });
  }

  cancel(jobId: string, body: CancelOrderDto, staff: StaffMember, key?: string) {
    return this.act(jobId, cancelOrderUpdate, staff, key, async (actor, job) => {
      if (body.keep) {
        const store = await this.stores.get(job.store.id);
        if (body.keep.currency.toUpperCase() !== store.currency) throw validationFailed([{ field: 'keep.currency', problems: [`keep.currency must be ${store.currency}, the store's currency`] }]);
      }
      return { actor, reason: body.reason, keepMinor: body.keep?.amountMinor };
    });
  }

  moveCustody(jobId: string, body: MoveCustodyDto, staff: StaffMember, key?: string) {
    return this.act(jobId, moveOrderCustodyUpdate, staff, key, (_actor, job) => custodyRequestOf(body, staff, this.directory, job.store.id));
  }

  changePromisedDate(jobId: string, body: ChangePromisedDateDto, staff: StaffMember, key?: string) {
    return this.act(jobId, changeOrderPromisedDateUpdate, staff, key, async (actor, job) => {
      const store = await this.stores.get(job.store.id);
      return { actor, promised: promiseFor(body.promisedBy, store, this.stores.policyOf(store)), reason: body.reason };
    });
  }

  recordPayment(jobId: string, body: PaymentDto, staff: StaffMember, key?: string) {
    return this.act(jobId, recordOrderPaymentUpdate, staff, key, (actor) => ({ actor, payment: jobPaymentOf(body) }));
  }

  recordContactAttempt(jobId: string, body: ContactAttemptDto, staff: StaffMember, key?: string) {
    return this.act(jobId, recordOrderContactAttemptUpdate, staff, key, (actor) => ({ actor, channel: body.channel, outcome: body.outcome }));
  }

  /** Sends one Update to the order's workflow, built from the caller and the job (in the caller's stores). */
  private async act<Request>(
    jobId: string,
    update: UpdateDefinition<OrderStateView, [Request]>,
    staff: StaffMember,
    key: string | undefined,
    request: (actor: Actor, job: Job) => Request | Promise<Request>,
  ): Promise<OrderView> {
    const order = await this.requireOrder(jobId, staff);
    const actor = actorOf(staff);
    const [state, photos] = await updateJob(this.temporal, order.job, update, await request(actor, order.job), key, this.photosOf(order.job));
    return this.view(order, state, actor, photos);
  }

  /** The order (its brief, with its job row) if the caller works in its store; otherwise its 404. */
  private async requireOrder(jobId: string, staff: StaffMember): Promise<CustomOrder> {
    const order = await this.em.fork().findOne(CustomOrder, { job: { id: jobId, kind: 'custom_order' } }, { populate: ['job'] });
    if (!order || !worksIn(staff, order.job.store.id)) throw orderError('ORDER_NOT_FOUND', `No order with id ${jobId}.`);
    return order;
  }

  private async photosOf(job: Job): Promise<PhotoView[]> {
    return (await this.photos.list({ kind: 'job', id: job.id })).map(PhotoView.of);
  }

  /** The order as its workflow's state says it is, or as its rows say when the workflow did not answer. */
  private async view(order: CustomOrder, state: OrderStateView | undefined, viewer: Actor, photos: PhotoView[]): Promise<OrderView> {
    const job = order.job;
    if (state === undefined) {
      const items = await this.em.fork().find(JobItem, { job: job.id }, { orderBy: { key: 'asc' } });
      return orderView(job, order, items, undefined, viewer, this.config, photos);
    }
    return orderView(job, order, jobAsOf(job, orderSnapshotOf(state)), state, viewer, this.config, photos);
  }
}
