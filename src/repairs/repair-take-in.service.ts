import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { REPAIR_WORKFLOW_TYPE, type RepairWorkflowInput, repairWorkflowId } from '../../workflows/repair-job/contract.js';
import { REPAIR_STAGE_TABLE } from '../../workflows/repair-job/stages.js';
import { isManager } from '../../workflows/shared/job-model.js';
import type { PriceLine } from '../../workflows/shared/job-model.js';
import type { PromisedDate } from '../../workflows/shared/promised-date.js';
import { repairPolicyOf } from '../../workflows/shared/store-policy.js';
import { Customer } from '../customers/customer.entity.js';
import { jobSummary, startingSearchAttributes } from '../../workflows/shared/search-attributes.js';
import { JobItem } from '../jobs/job-item.entity.js';
import { newTrackingToken } from '../jobs/tracking-token.js';
import { Job } from '../jobs/job.entity.js';
import { promiseFor } from '../jobs/promises.js';
import { PriceLines } from '../metal-prices/price-lines.service.js';
import { type StaffMember, actorOf } from '../platform/auth/staff-auth.guard.js';
import { AppConfig } from '../platform/config/app-config.js';
import { type FieldProblem, validationFailed } from '../platform/http/validation.js';
import { TemporalGateway } from '../platform/temporal/temporal-gateway.service.js';
import { requestFingerprint } from '../platform/http/idempotency-key.js';
import { nextTicketNumber } from '../jobs/job-numbers.js';
import type { Store } from '../stores/store.entity.js';
import { StoresService } from '../stores/stores.service.js';
import type { TakeInDto } from './dto/take-in.dto.js';
import { RepairJob } from './repair-job.entity.js';
import { type TicketView, repairView } from './repair.view.js';
import { repairError } from './repair-errors.js';

export interface TakenIn {
  ticket: TicketView;
  /** True when an earlier request with the same Idempotency-Key already took these pieces in. */
  replayed: boolean;
}

/**
 * Take-in at the counter: one ticket per visit, one job per piece, each with its workflow. The
 * rows are written first (with the ticket's number from the store's counter), then the workflows
 * start; if one cannot, nothing of the visit is kept.
 */
@Injectable()
export class RepairTakeIn {
  private readonly logger = new Logger(RepairTakeIn.name);

  constructor(
    private readonly em: EntityManager,
    private readonly stores: StoresService,
    private readonly temporal: TemporalGateway,
    private readonly config: AppConfig,
    private readonly priceLines: PriceLines,
  ) {}

  async takeIn(input: TakeInDto, staff: StaffMember, idempotencyKey?: string): Promise<TakenIn> {
    const fingerprint = requestFingerprint(input);
    const earlier = idempotencyKey ? await this.ticketOfKey(idempotencyKey) : undefined;
    if (earlier) return this.replay(earlier, input, fingerprint, staff);

    const customer = await this.em.findOne(Customer, { id: input.customerId });
    if (!customer) throw repairError('CUSTOMER_NOT_FOUND', `No customer with id ${input.customerId}.`);
    const store = await this.stores.forStaff(staff, input.storeId);
    const promised = promiseFor(input.promisedBy, store, this.stores.policyOf(store));
    if (promised.rush && !isManager(actorOf(staff))) {
      throw repairError('RUSH_NEEDS_MANAGER', `${promised.date} is sooner than the store's default: a rush date needs a manager.`, { field: 'promisedBy' });
    }
    checkCurrencies(input, store);
    // Priced before anything is written: a metal line without a metal price refuses the take-in whole.
    const estimates = await this.estimatesOf(input, store);

    let jobs: { job: Job; repair: RepairJob }[];
    try {
      jobs = await this.writeTicket(input, customer, store, promised, staff, fingerprint, idempotencyKey);
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException) || !idempotencyKey) throw error;
      // A concurrent request with the same key won the race: answer as its replay.
      const winner = await this.ticketOfKey(idempotencyKey);
      if (!winner) throw error;
      return this.replay(winner, input, fingerprint, staff);
    }

    try {
      await this.startWorkflows(jobs, input, estimates, store, promised, staff);
    } catch (error) {
      await this.forget(jobs.map(({ job }) => job));
      throw error;
    }
    return { ticket: await this.ticketView(jobs.map(({ job }) => job.id), staff), replayed: false };
  }

  private async writeTicket(input: TakeInDto, customer: Customer, store: Store, promised: PromisedDate, staff: StaffMember, fingerprint: string, idempotencyKey?: string) {
    return this.em.fork().transactional(async (em) => {
      const ticketNumber = `R-${String(await nextTicketNumber(em, store.id, 'R')).padStart(6, '0')}`;
      const now = new Date();
      return input.items.map((item, index) => {
        const id = randomUUID();
        const job = em.create(Job, {
          id,
          kind: 'repair',
          store,
          customer,
          number: `${ticketNumber}-${index + 1}`,
          ticketNumber,
          workflowId: repairWorkflowId(id),
          summary: item.itemDescription.slice(0, 200),
          stage: 'received',
          stageLabel: REPAIR_STAGE_TABLE.stages.received.label,
          stageSequence: 0,
          stageSince: now,
          waitingOn: 'shop',
          promisedBy: promised.date,
          overdue: false,
          vendorLate: false,
          unclaimed: false,
          rush: promised.rush,
          custodyLocation: 'counter',
          custodyHolderKind: 'staff',
          custodyHolderId: staff.id,
          custodyHolderName: staff.name,
          custodySince: now,
          closed: false,
          ...newTrackingToken(),
          createdById: staff.id,
          createdByName: staff.name,
          createdAt: now,
          updatedAt: now,
        });
        em.create(JobItem, {
          job,
          key: 'piece',
          description: item.itemDescription,
          declaredValueMinor: item.declaredValue.amountMinor,
          currency: item.declaredValue.currency,
          custodyLocation: 'counter',
          custodyHolderKind: 'staff',
          custodyHolderId: staff.id,
          custodyHolderName: staff.name,
          custodySince: now,
        });
        const repair = em.create(RepairJob, {
          job,
          itemIndex: index + 1,
          itemCount: input.items.length,
          itemDescription: item.itemDescription,
          workRequested: item.workRequested,
          declaredValueMinor: item.declaredValue.amountMinor,
          currency: item.declaredValue.currency,
          goAheadLimitMinor: item.goAheadLimit?.amountMinor ?? null,
          // The key marks the visit once, on its first job.
          idempotencyKey: index === 0 ? (idempotencyKey ?? null) : null,
          requestFingerprint: fingerprint,
        });
        return { job, repair };
      });
    });
  }

  /** Each item's counter estimate as the workflow takes it (metal lines priced), or null. */
  private estimatesOf(input: TakeInDto, store: Store): Promise<(PriceLine[] | null)[]> {
    return Promise.all(input.items.map((item, index) => (item.estimate ? this.priceLines.resolve(item.estimate, store, `items.${index}.estimate`) : null)));
  }

  private async startWorkflows(
    jobs: { job: Job; repair: RepairJob }[],
    input: TakeInDto,
    estimates: (PriceLine[] | null)[],
    store: Store,
    promised: PromisedDate,
    staff: StaffMember,
  ): Promise<void> {
    const policy = repairPolicyOf(this.stores.policyOf(store), store);
    for (const [index, { job, repair }] of jobs.entries()) {
      const item = input.items[index];
      const workflowInput: RepairWorkflowInput = {
        takeIn: {
          jobId: job.id,
          storeId: store.id,
          customerId: job.customer.id,
          ticketNumber: job.ticketNumber,
          jobNumber: job.number,
          itemIndex: repair.itemIndex,
          itemCount: repair.itemCount,
          itemDescription: repair.itemDescription,
          declaredValue: item.declaredValue,
          workRequested: repair.workRequested,
          goAheadLimit: item.goAheadLimit ?? null,
          promised,
          estimate: estimates[index],
          takenInBy: actorOf(staff),
        },
        policy,
      };
      await this.temporal.start(REPAIR_WORKFLOW_TYPE, job.workflowId, [workflowInput], {
        searchAttributes: startingSearchAttributes({
          kind: 'repair',
          jobNumber: job.number,
          ticketNumber: job.ticketNumber,
          storeId: store.id,
          customerId: job.customer.id,
          stage: 'received',
          promisedDeadlineAt: promised.deadlineAt || null,
        }),
        summary: jobSummary(job.number, repair.itemDescription),
      });
    }
  }

  /** Undoes a take-in whose workflows could not all start: a row without its workflow would be a lie. */
  private async forget(jobs: Job[]): Promise<void> {
    for (const job of jobs) {
      await this.temporal.terminate(job.workflowId, 'take-in abandoned: not every workflow of the visit could start');
    }
    await this.em.fork().nativeDelete(Job, { id: { $in: jobs.map((job) => job.id) } });
    this.logger.warn(`Take-in of ticket ${jobs[0]?.ticketNumber} abandoned: the workflow service is unavailable`);
  }

  private async ticketOfKey(idempotencyKey: string): Promise<Job[] | undefined> {
    const first = await this.em.fork().findOne(RepairJob, { idempotencyKey }, { populate: ['job'] });
    if (!first) return undefined;
    return this.em.fork().find(Job, { store: first.job.store, ticketNumber: first.job.ticketNumber }, { orderBy: { number: 'asc' } });
  }

  private async replay(jobs: Job[], input: TakeInDto, fingerprint: string, staff: StaffMember): Promise<TakenIn> {
    const repairs = await this.em.fork().find(RepairJob, { job: { $in: jobs.map((job) => job.id) } }, { orderBy: { itemIndex: 'asc' } });
    if (repairs.some((repair) => repair.requestFingerprint !== fingerprint)) {
      throw repairError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different take-in.', { ticketNumber: jobs[0].ticketNumber });
    }
    // The earlier request may have died between writing the rows and starting the workflows.
    const store = await this.stores.get(jobs[0].store.id);
    const promised: PromisedDate = { date: jobs[0].promisedBy ?? '', deadlineAt: '', rush: jobs[0].rush };
    const withDeadline = promised.date ? promiseFor(promised.date, store, this.stores.policyOf(store)) : promised;
    await this.startWorkflows(
      jobs.map((job, index) => ({ job, repair: repairs[index] })),
      input,
      await this.estimatesOf(input, store),
      store,
      withDeadline,
      staff,
    );
    return { ticket: await this.ticketView(jobs.map((job) => job.id), staff), replayed: true };
  }

  private async ticketView(jobIds: string[], staff: StaffMember): Promise<TicketView> {
    const em = this.em.fork();
    const jobs = await em.find(Job, { id: { $in: jobIds } }, { orderBy: { number: 'asc' } });
    const repairs = new Map((await em.find(RepairJob, { job: { $in: jobIds } })).map((repair) => [repair.job.id, repair]));
    const items = await em.find(JobItem, { job: { $in: jobIds } });
    return {
      ticketNumber: jobs[0].ticketNumber,
      jobs: jobs.map((job) =>
        repairView(job, repairs.get(job.id)!, items.filter((item) => item.job.id === job.id), undefined, actorOf(staff), this.config),
      ),
    };
  }
}

function checkCurrencies(input: TakeInDto, store: Store): void {
  const problems: FieldProblem[] = [];
  input.items.forEach((item, index) => {
    for (const [field, money] of [['declaredValue', item.declaredValue], ['goAheadLimit', item.goAheadLimit]] as const) {
      if (money && money.currency.toUpperCase() !== store.currency) {
        problems.push({ field: `items.${index}.${field}.currency`, problems: [`items.${index}.${field}.currency must be ${store.currency}, the store's currency`] });
      }
    }
  });
  if (problems.length > 0) throw validationFailed(problems);
}
