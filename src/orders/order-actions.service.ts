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
import { JobActionRunner, jobPaymentOf } from '../jobs/job-actions.js';
import type { Job } from '../jobs/job.entity.js';
import { endOfStoreDay, promiseAfterLeadTimes, promiseFor } from '../jobs/promises.js';
import type { StaffMember } from '../platform/auth/staff-auth.guard.js';
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
  private readonly runner: JobActionRunner<CustomOrder, OrderStateView, OrderView>;

  constructor(
    em: EntityManager,
    temporal: TemporalGateway,
    private readonly stores: StoresService,
    private readonly directory: StaffDirectory,
    private readonly priceLines: PriceLines,
    private readonly photos: PhotosService,
    config: AppConfig,
  ) {
    this.runner = new JobActionRunner<CustomOrder, OrderStateView, OrderView>(em, temporal, photos, {
      kind: 'custom_order',
      detail: CustomOrder,
      notFound: (jobId) => orderError('ORDER_NOT_FOUND', `No order with id ${jobId}.`),
      stateQuery: getOrderStateQuery,
      snapshotOf: (state) => orderSnapshotOf(state),
      viewOf: (job, order, items, state, viewer, photoViews) => orderView(job, order, items, state, viewer, config, photoViews),
    });
  }

  read(jobId: string, staff: StaffMember): Promise<OrderView> {
    return this.runner.read(jobId, staff);
  }

  private act<Request>(jobId: string, update: UpdateDefinition<OrderStateView, [Request]>, staff: StaffMember, key: string | undefined, request: (actor: Actor, job: Job) => Request | Promise<Request>) {
    return this.runner.act(jobId, update, staff, key, request);
  }

  async addPhoto(jobId: string, body: unknown, contentType: string | undefined, staff: StaffMember): Promise<PhotoView> {
    const { job } = await this.runner.require(jobId, staff);
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
}
