import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  REPAIR_JOB_WORKFLOW_TYPE,
  type RepairJobInput,
  type RepairJobState,
  advanceStageUpdate,
  getStateQuery,
  repairWorkflowId,
} from '../../workflows/repair-job.contract.js';
import {
  REPAIR_STAGE_INFO,
  type RepairStage,
  STAGE_TRANSITION_NOT_ALLOWED,
  type StageTransitionRefusal,
  allowedNextStages,
  describeRefusal,
} from '../../workflows/repair-stages.js';
import { Customer } from '../customers/customer.entity.js';
import { Message } from '../messaging/message.entity.js';
import type { StaffMember } from '../platform/auth/staff-auth.guard.js';
import { AppConfig } from '../platform/config/app-config.js';
import { DomainError } from '../platform/errors/domain-error.js';
import type { CreateRepairDto } from './dto/create-repair.dto.js';
import { factsFromHistory } from './repair-history.js';
import { RepairJob } from './repair-job.entity.js';
import type { RepairHistoryView, RepairView, TimelineEntryView } from './repair.view.js';
import { addDays, isCalendarDate, todayIn } from './shop-calendar.js';
import { trackingUrl } from './tracking-url.js';

const WORKFLOW_START_DEADLINE_MS = 5_000;
const QUERY_DEADLINE_MS = 3_000;
const UPDATE_DEADLINE_MS = 10_000;

type StageView = Pick<RepairJobState, 'stage' | 'pieceLocation' | 'allowedNextStages'>;

export interface CreatedRepair {
  repair: RepairView;
  /** True when an earlier request with the same id or Idempotency-Key already created it. */
  replayed: boolean;
}

@Injectable()
export class RepairsService {
  private readonly logger = new Logger(RepairsService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly temporal: Client,
    private readonly config: AppConfig,
  ) {}

  /** Takes a piece in: writes the repair, then starts its workflow. Safe to repeat with the same key. */
  async create(input: CreateRepairDto, staff: StaffMember, idempotencyKey?: string): Promise<CreatedRepair> {
    const fingerprint = fingerprintOf(input);
    const earlier = await this.findEarlierCreate(input.id, idempotencyKey);
    if (earlier) return this.replay(earlier, fingerprint, staff);

    const customer = await this.em.findOne(Customer, { id: input.customerId });
    if (!customer) throw new DomainError('not_found', 'CUSTOMER_NOT_FOUND', `No customer with id ${input.customerId}.`);
    const promisedBy = this.promisedDate(input.promisedBy);

    const now = new Date();
    const repair = this.em.create(RepairJob, {
      id: input.id ?? randomUUID(),
      envelopeNumber: await this.nextEnvelopeNumber(),
      customer,
      itemDescription: input.itemDescription.trim(),
      workRequested: input.workRequested.trim(),
      declaredValueMinor: input.declaredValue.amountMinor,
      currency: input.declaredValue.currency.toUpperCase(),
      promisedBy,
      stage: 'received',
      stageSequence: 0,
      stageChangedAt: now,
      stageChangedBy: staff.name,
      trackingToken: randomBytes(24).toString('base64url'),
      idempotencyKey: idempotencyKey ?? null,
      requestFingerprint: fingerprint,
      createdBy: staff.name,
      createdAt: now,
    });
    try {
      await this.em.flush();
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      // A concurrent request with the same id or key won the race: answer as its replay.
      this.em.clear();
      const winner = await this.findEarlierCreate(input.id, idempotencyKey);
      if (!winner) throw error;
      return this.replay(winner, fingerprint, staff);
    }

    try {
      await this.startWorkflow(repair, staff);
    } catch (error) {
      // Leave nothing half-written: without its workflow the repair row would be a lie.
      await this.em.remove(repair).flush();
      this.logger.error(`Could not start the workflow of repair ${repair.id}: ${(error as Error).message}`);
      throw new DomainError('unavailable', 'WORKFLOW_UNAVAILABLE', 'The workflow service is unavailable; nothing was saved. Try again.');
    }
    return { repair: this.view(repair, projectedState(repair)), replayed: false };
  }

  /** Moves a repair to its next stage through the workflow, which refuses moves the rules forbid. */
  async advance(repairId: string, to: RepairStage, staff: StaffMember): Promise<RepairView> {
    const repair = await this.require(repairId);
    const handle = this.temporal.workflow.getHandle(repairWorkflowId(repairId));
    let state: RepairJobState;
    try {
      state = await this.temporal.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
        handle.executeUpdate(advanceStageUpdate, { args: [{ to, actor: staff.name }] }),
      );
    } catch (error) {
      throw await this.advanceRefusal(error, repair, to);
    }
    await this.em.refresh(repair);
    return this.view(repair, state);
  }

  async get(repairId: string): Promise<RepairView> {
    const repair = await this.require(repairId);
    return this.view(repair, await this.liveState(repair));
  }

  /** The job's timeline, read from its workflow's event history and its message records. */
  async history(repairId: string): Promise<RepairHistoryView> {
    await this.require(repairId);
    const history = await this.temporal.workflow.getHandle(repairWorkflowId(repairId)).fetchHistory();
    const facts = factsFromHistory(history.events ?? []);
    const messageIds = facts.flatMap((fact) => (fact.type === 'message_queued' ? [fact.messageId] : []));
    const messages = new Map((await this.em.find(Message, { id: { $in: messageIds } })).map((message) => [message.id, message]));

    const timeline = facts.map((fact): TimelineEntryView => {
      if (fact.type === 'stage_changed') return fact;
      const message = messages.get(fact.messageId);
      return { ...fact, channel: message?.channel, messageStatus: message?.status, sentAt: message?.sentAt?.toISOString() ?? null };
    });
    return { repairId, timeline };
  }

  private async require(repairId: string): Promise<RepairJob> {
    const repair = await this.em.findOne(RepairJob, { id: repairId });
    if (!repair) throw new DomainError('not_found', 'REPAIR_NOT_FOUND', `No repair with id ${repairId}.`);
    return repair;
  }

  private async findEarlierCreate(id?: string, idempotencyKey?: string): Promise<RepairJob | null> {
    const matches = [id && { id }, idempotencyKey && { idempotencyKey }].filter(Boolean) as object[];
    if (matches.length === 0) return null;
    return this.em.findOne(RepairJob, { $or: matches });
  }

  private async replay(earlier: RepairJob, fingerprint: string, staff: StaffMember): Promise<CreatedRepair> {
    if (earlier.requestFingerprint !== fingerprint) {
      throw new DomainError('unprocessable', 'IDEMPOTENCY_KEY_REUSED', 'This id or Idempotency-Key was already used for a different repair request.', {
        repairId: earlier.id,
      });
    }
    // The earlier request may have died between writing the row and starting the workflow.
    await this.startWorkflow(earlier, staff);
    return { repair: this.view(earlier, projectedState(earlier)), replayed: true };
  }

  private async startWorkflow(repair: RepairJob, staff: StaffMember): Promise<void> {
    const input: RepairJobInput = { repairId: repair.id, receivedBy: staff.name };
    try {
      // Someone is waiting at the counter: give up after a few seconds rather than hang.
      await this.temporal.withDeadline(Date.now() + WORKFLOW_START_DEADLINE_MS, () =>
        this.temporal.workflow.start(REPAIR_JOB_WORKFLOW_TYPE, {
          workflowId: repairWorkflowId(repair.id),
          taskQueue: this.config.temporal.taskQueue,
          args: [input],
          // One workflow per repair, ever: a closed one is never started again.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      );
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  /** The workflow's own answer; the Postgres projection if Temporal or the worker cannot answer soon. */
  private async liveState(repair: RepairJob): Promise<StageView> {
    try {
      return await this.temporal.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
        this.temporal.workflow.getHandle(repairWorkflowId(repair.id)).query(getStateQuery),
      );
    } catch (error) {
      this.logger.warn(`Stage of repair ${repair.id} read from the projection: ${(error as Error).message}`);
      return projectedState(repair);
    }
  }

  private async advanceRefusal(error: unknown, repair: RepairJob, requested: RepairStage): Promise<DomainError> {
    const failure = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
    if (failure instanceof ApplicationFailure && failure.type === STAGE_TRANSITION_NOT_ALLOWED) {
      return transitionRefused(failure.details?.[0] as StageTransitionRefusal);
    }
    if (error instanceof WorkflowNotFoundError || isClosedWorkflowError(error)) {
      // The workflow has finished: its final stage allows no further move.
      const { stage } = await this.liveState(repair);
      return transitionRefused({ currentStage: stage, requestedStage: requested, allowedNextStages: allowedNextStages(stage) });
    }
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
      // The workflow may have taken the change and be waiting on its database write.
      return new DomainError('unavailable', 'STAGE_CHANGE_UNCONFIRMED', 'The stage change was not confirmed in time; read the repair to see whether it moved.');
    }
    this.logger.error(`Advancing repair ${repair.id} failed: ${(error as Error).message}`);
    return new DomainError('unavailable', 'WORKFLOW_UNAVAILABLE', 'The workflow service is unavailable; the stage did not change. Try again.');
  }

  private promisedDate(requested: string | undefined): string {
    const today = todayIn(this.config.shop.timeZone);
    if (!requested) return addDays(today, this.config.shop.defaultRepairPromiseDays);
    if (!isCalendarDate(requested)) {
      throw new DomainError('invalid', 'VALIDATION_FAILED', 'The request has invalid fields: promisedBy.', {
        errors: [{ field: 'promisedBy', problems: ['promisedBy must be a real calendar date'] }],
      });
    }
    if (requested < today) throw new DomainError('unprocessable', 'PROMISED_DATE_IN_PAST', `The promised date ${requested} is before today (${today}).`);
    return requested;
  }

  private async nextEnvelopeNumber(): Promise<number> {
    const [row] = await this.em.execute<{ value: string }[]>(`select nextval('repair_envelope_number_seq') as value`);
    return Number(row.value);
  }

  private view(repair: RepairJob, state: StageView): RepairView {
    return {
      id: repair.id,
      envelopeNumber: repair.envelopeNumber,
      customerId: repair.customer.id,
      itemDescription: repair.itemDescription,
      workRequested: repair.workRequested,
      declaredValue: { amountMinor: repair.declaredValueMinor, currency: repair.currency },
      promisedBy: repair.promisedBy,
      stage: state.stage,
      pieceLocation: state.pieceLocation,
      allowedNextStages: state.allowedNextStages,
      stageChangedAt: repair.stageChangedAt.toISOString(),
      stageChangedBy: repair.stageChangedBy,
      trackingUrl: trackingUrl(this.config, repair.trackingToken),
      createdBy: repair.createdBy,
      createdAt: repair.createdAt.toISOString(),
    };
  }
}

/** The stage as the Postgres projection last recorded it. */
function projectedState(repair: RepairJob): StageView {
  return { stage: repair.stage, pieceLocation: REPAIR_STAGE_INFO[repair.stage].pieceLocation, allowedNextStages: allowedNextStages(repair.stage) };
}

function transitionRefused(refusal: StageTransitionRefusal): DomainError {
  return new DomainError('conflict', STAGE_TRANSITION_NOT_ALLOWED, describeRefusal(refusal), {
    currentStage: refusal.currentStage,
    requestedStage: refusal.requestedStage,
    allowedNextStages: refusal.allowedNextStages,
  });
}

function isClosedWorkflowError(error: unknown): boolean {
  return error instanceof Error && /workflow execution already completed/i.test(error.message);
}

/** Canonical JSON (sorted keys) of the create request, hashed. */
function fingerprintOf(input: CreateRepairDto): string {
  const canonical = JSON.stringify(input, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
  return createHash('sha256').update(canonical).digest('hex');
}
