import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ORDER_WORKFLOW_TYPE, type OrderWorkflowInput, orderWorkflowId } from '../../workflows/custom-order/contract.js';
import { ORDER_STAGE_TABLE } from '../../workflows/custom-order/stages.js';
import { isManager } from '../../workflows/shared/job-model.js';
import type { PromisedDate } from '../../workflows/shared/promised-date.js';
import { jobSummary, startingSearchAttributes } from '../../workflows/shared/search-attributes.js';
import { orderPolicyOf } from '../../workflows/shared/store-policy.js';
import { CustomerOccasion } from '../customers/customer-records.entity.js';
import { Customer } from '../customers/customer.entity.js';
import { JobItem } from '../jobs/job-item.entity.js';
import { nextTicketNumber } from '../jobs/job-numbers.js';
import { newTrackingToken } from '../jobs/tracking-token.js';
import { Job } from '../jobs/job.entity.js';
import { promiseFor } from '../jobs/promises.js';
import { type StaffMember, actorOf } from '../platform/auth/staff-auth.guard.js';
import { requestFingerprint } from '../platform/http/idempotency-key.js';
import { type FieldProblem, validationFailed } from '../platform/http/validation.js';
import { TemporalGateway } from '../platform/temporal/temporal-gateway.service.js';
import type { Store } from '../stores/store.entity.js';
import { StoresService } from '../stores/stores.service.js';
import { CustomOrder } from './custom-order.entity.js';
import type { TakeOrderDto } from './dto/order.dto.js';
import { orderError } from './order-errors.js';

export interface TakenOrder {
  jobId: string;
  /** True when an earlier request with the same Idempotency-Key already took this order. */
  replayed: boolean;
}

/**
 * The consultation: the order's rows (a number from the store's counter, the brief, the
 * customer's own materials in custody, the occasion on the customer) are written first, then its
 * workflow starts; if it cannot, nothing of the order is kept.
 */
@Injectable()
export class OrderTakeIn {
  private readonly logger = new Logger(OrderTakeIn.name);

  constructor(
    private readonly em: EntityManager,
    private readonly stores: StoresService,
    private readonly temporal: TemporalGateway,
  ) {}

  async take(input: TakeOrderDto, staff: StaffMember, idempotencyKey?: string): Promise<TakenOrder> {
    const fingerprint = requestFingerprint(input);
    const earlier = idempotencyKey ? await this.orderOfKey(idempotencyKey) : undefined;
    if (earlier) return this.replay(earlier, fingerprint);

    const customer = await this.em.fork().findOne(Customer, { id: input.customerId });
    if (!customer) throw orderError('CUSTOMER_NOT_FOUND', `No customer with id ${input.customerId}.`, { field: 'customerId' });
    const store = await this.stores.forStaff(staff, input.storeId);
    const policy = this.stores.policyOf(store);
    // Orders are promised further out than repairs: the store's own delay for them.
    const promised = promiseFor(input.promisedBy, store, { ...policy, defaultPromiseDays: policy.orderPromiseDays });
    if (promised.rush && !isManager(actorOf(staff))) {
      throw orderError('RUSH_NEEDS_MANAGER', `${promised.date} is sooner than the store's default: a rush date needs a manager.`, { field: 'promisedBy' });
    }
    checkAmounts(input, store);

    let job: Job;
    try {
      job = await this.writeOrder(input, customer, store, promised, staff, fingerprint, idempotencyKey);
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException) || !idempotencyKey) throw error;
      // A concurrent request with the same key won the race: answer as its replay.
      const winner = await this.orderOfKey(idempotencyKey);
      if (!winner) throw error;
      return this.replay(winner, fingerprint);
    }
    try {
      await this.startWorkflow(job, input, store, promised, staff);
    } catch (error) {
      await this.temporal.terminate(job.workflowId, 'order abandoned: its workflow could not start');
      await this.em.fork().nativeDelete(Job, { id: job.id });
      this.logger.warn(`Order ${job.number} abandoned: the workflow service is unavailable`);
      throw error;
    }
    return { jobId: job.id, replayed: false };
  }

  private writeOrder(input: TakeOrderDto, customer: Customer, store: Store, promised: PromisedDate, staff: StaffMember, fingerprint: string, idempotencyKey?: string): Promise<Job> {
    return this.em.fork().transactional(async (em) => {
      const number = `C-${String(await nextTicketNumber(em, store.id, 'C')).padStart(6, '0')}`;
      const id = randomUUID();
      const now = new Date();
      const holder = { custodyHolderKind: 'staff', custodyHolderId: staff.id, custodyHolderName: staff.name, custodySince: now };
      const job = em.create(Job, {
        id,
        kind: 'custom_order',
        store,
        customer,
        number,
        ticketNumber: number,
        workflowId: orderWorkflowId(id),
        summary: input.summary.slice(0, 200),
        stage: 'designing',
        stageLabel: ORDER_STAGE_TABLE.stages.designing.label,
        stageSequence: 0,
        stageSince: now,
        waitingOn: 'shop',
        promisedBy: promised.date,
        overdue: false,
        vendorLate: false,
        unclaimed: false,
        rush: promised.rush,
        custodyLocation: 'counter',
        ...(input.ownMaterials?.length ? holder : { custodyHolderKind: 'store', custodyHolderId: null, custodyHolderName: 'Shop', custodySince: now, custodyDetail: 'nothing held yet' }),
        closed: false,
        ...newTrackingToken(),
        createdById: staff.id,
        createdByName: staff.name,
        createdAt: now,
        updatedAt: now,
      });
      (input.ownMaterials ?? []).forEach((material, index) =>
        em.create(JobItem, {
          job,
          key: `own-${index + 1}`,
          description: material.description,
          declaredValueMinor: material.declaredValue.amountMinor,
          currency: material.declaredValue.currency.toUpperCase(),
          custodyLocation: 'counter',
          ...holder,
        }),
      );
      em.create(CustomOrder, {
        job,
        customerWords: input.customerWords,
        spec: input.spec,
        occasionKind: input.occasion?.kind ?? null,
        occasionDate: input.occasion?.date ?? null,
        budgetMinMinor: input.budget?.minMinor ?? null,
        budgetMaxMinor: input.budget?.maxMinor ?? null,
        currency: store.currency,
        idempotencyKey: idempotencyKey ?? null,
        requestFingerprint: fingerprint,
      });
      // The occasion is the customer's: next year the shop remembers it (the date without its year).
      if (input.occasion?.date) {
        em.create(CustomerOccasion, { id: randomUUID(), customer, kind: input.occasion.kind, date: `--${input.occasion.date.slice(5)}`, withWhom: null, note: `Order ${number}`, createdAt: now });
      }
      return job;
    });
  }

  private async startWorkflow(job: Job, input: TakeOrderDto, store: Store, promised: PromisedDate, staff: StaffMember): Promise<void> {
    const workflowInput: OrderWorkflowInput = {
      order: {
        jobId: job.id,
        storeId: store.id,
        customerId: job.customer.id,
        orderNumber: job.number,
        summary: job.summary,
        brief: {
          customerWords: input.customerWords,
          spec: input.spec,
          occasion: input.occasion ? { kind: input.occasion.kind, date: input.occasion.date ?? null } : null,
          budget: input.budget ? { ...input.budget, currency: store.currency } : null,
        },
        ownMaterials: (input.ownMaterials ?? []).map((material) => ({ description: material.description, declaredValue: { amountMinor: material.declaredValue.amountMinor, currency: material.declaredValue.currency.toUpperCase() } })),
        promised,
        designFee: input.designFee ? { kind: 'design_fee', method: input.designFee.method, reference: input.designFee.reference, amount: { amountMinor: input.designFee.amount.amountMinor, currency: input.designFee.amount.currency.toUpperCase() } } : null,
        takenInBy: actorOf(staff),
        takenAt: job.createdAt.toISOString(),
      },
      policy: orderPolicyOf(this.stores.policyOf(store), store),
    };
    await this.temporal.start(ORDER_WORKFLOW_TYPE, job.workflowId, [workflowInput], {
      searchAttributes: startingSearchAttributes({
        kind: 'custom_order',
        jobNumber: job.number,
        ticketNumber: job.number,
        storeId: store.id,
        customerId: job.customer.id,
        stage: 'designing',
        promisedDeadlineAt: promised.deadlineAt || null,
      }),
      summary: jobSummary(job.number, job.summary),
    });
  }

  private async orderOfKey(idempotencyKey: string): Promise<CustomOrder | undefined> {
    return (await this.em.fork().findOne(CustomOrder, { idempotencyKey }, { populate: ['job'] })) ?? undefined;
  }

  private replay(order: CustomOrder, fingerprint: string): TakenOrder {
    if (order.requestFingerprint !== fingerprint) {
      throw orderError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different order.', { orderNumber: order.job.number });
    }
    return { jobId: order.job.id, replayed: true };
  }
}

/** Every amount of the consultation is in the store's currency. */
function checkAmounts(input: TakeOrderDto, store: Store): void {
  const problems: FieldProblem[] = [];
  const expect = (field: string, currency: string | undefined) => {
    if (currency && currency.toUpperCase() !== store.currency) problems.push({ field, problems: [`${field} must be ${store.currency}, the store's currency`] });
  };
  (input.ownMaterials ?? []).forEach((material, index) => expect(`ownMaterials.${index}.declaredValue.currency`, material.declaredValue.currency));
  expect('designFee.amount.currency', input.designFee?.amount.currency);
  if (input.budget && input.budget.minMinor > input.budget.maxMinor) problems.push({ field: 'budget.maxMinor', problems: ['budget.maxMinor must not be below budget.minMinor'] });
  if (problems.length > 0) throw validationFailed(problems);
}
