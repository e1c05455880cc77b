import { Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { type QueryDefinition, type SearchAttributePair, type UpdateDefinition, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { JOB_REFUSALS, refusalOf } from '../../../workflows/shared/job-refusals.js';
import { AppConfig } from '../config/app-config.js';
import { DomainError } from '../errors/domain-error.js';
import { platformError } from '../errors/platform-errors.js';

/** Someone is waiting at the counter: give up after a few seconds rather than hang. */
const START_DEADLINE_MS = 5_000;
const QUERY_DEADLINE_MS = 3_000;
const UPDATE_DEADLINE_MS = 10_000;

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface WorkflowRun {
  runId: string;
  events: HistoryEvent[];
}

/** A job's workflow continues as new every few thousand events: more runs than this is a job no one should read in one call. */
const MAX_RUNS_READ = 50;

/**
 * The API's one door to Temporal: deadlines where a person waits, start-or-reuse for workflows
 * with a fixed id, and every Temporal failure turned into a domain error with a stable code
 * (refusals from a job's validators keep their own code and details).
 */
@Injectable()
export class TemporalGateway {
  private readonly logger = new Logger(TemporalGateway.name);

  constructor(
    private readonly client: Client,
    private readonly config: AppConfig,
  ) {}

  /** Starts the workflow unless it runs (or ran) already: repeating a start is harmless. */
  async start(workflowType: string, workflowId: string, args: unknown[], shown: { searchAttributes?: SearchAttributePair[]; summary?: string } = {}): Promise<void> {
    try {
      await this.client.withDeadline(Date.now() + START_DEADLINE_MS, () =>
        this.client.workflow.start(workflowType, {
          workflowId,
          taskQueue: this.config.temporal.taskQueue,
          args,
          // How staff find the job in Temporal's Web UI and CLI (by its number, stage, store...).
          typedSearchAttributes: shown.searchAttributes,
          staticSummary: shown.summary,
          // One workflow per job, ever: a closed one is never started again.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          // A task lost with its worker (a crash, a deploy mid-step) is given to another after this
          // long, well inside the API's wait for an action; the 10 s default is not.
          workflowTaskTimeout: '5 seconds',
        }),
      );
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      this.logger.error(`Could not start workflow ${workflowId}: ${(error as Error).message}`);
      throw platformError('WORKFLOW_UNAVAILABLE', 'The workflow service is unavailable; nothing was saved. Try again.');
    }
  }

  /**
   * Sends an Update and waits for its result. `updateId` makes a retried request (same
   * Idempotency-Key) attach to the first one instead of acting twice.
   */
  async update<Result, Request>(workflowId: string, update: UpdateDefinition<Result, [Request]>, request: Request, updateId?: string): Promise<Result> {
    try {
      return await this.client.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
        this.client.workflow.getHandle(workflowId).executeUpdate(update, { args: [request], updateId }),
      );
    } catch (error) {
      throw await this.updateFailure(workflowId, error);
    }
  }

  /** The workflow's answer, or undefined when Temporal or the worker cannot answer soon. */
  async query<Result>(workflowId: string, query: QueryDefinition<Result>): Promise<Result | undefined> {
    try {
      return await this.client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => this.client.workflow.getHandle(workflowId).query(query));
    } catch (error) {
      this.logger.warn(`Workflow ${workflowId} did not answer its query: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Ends a workflow that should not run (best effort: one that never started is already gone). */
  async terminate(workflowId: string, reason: string): Promise<void> {
    await this.client.withDeadline(Date.now() + START_DEADLINE_MS, () => this.client.workflow.getHandle(workflowId).terminate(reason)).catch((error: Error) => {
      if (!(error instanceof WorkflowNotFoundError)) this.logger.warn(`Could not terminate workflow ${workflowId}: ${error.message}`);
    });
  }

  /**
   * The workflow's history, every run of it oldest first (a run that continued as new names the
   * one before it); undefined once Temporal no longer has it (retention, or never started).
   */
  async history(workflowId: string): Promise<WorkflowRun[] | undefined> {
    const runs: WorkflowRun[] = [];
    let runId: string | undefined;
    try {
      do {
        const events = (await this.client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
        const started = events[0]?.workflowExecutionStartedEventAttributes;
        runs.unshift({ runId: runId ?? started?.originalExecutionRunId ?? 'current', events });
        runId = started?.continuedExecutionRunId ?? undefined;
      } while (runId && runs.length < MAX_RUNS_READ);
      return runs;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return runs.length > 0 ? runs : undefined;
      throw platformError('WORKFLOW_UNAVAILABLE', 'The workflow service is unavailable; try again.');
    }
  }

  /** The workflow's current run and how many events its history holds; undefined once Temporal no longer has it. */
  async currentRun(workflowId: string): Promise<{ runId: string; historyLength: number } | undefined> {
    try {
      const description = await this.client.workflow.getHandle(workflowId).describe();
      return { runId: description.runId, historyLength: description.historyLength };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw platformError('WORKFLOW_UNAVAILABLE', 'The workflow service is unavailable; try again.');
    }
  }

  /** The events of one run after `afterEventId`, oldest first, read from the newest back (a long history is not read again from its start). */
  async eventsAfter(workflowId: string, runId: string, afterEventId: number): Promise<HistoryEvent[]> {
    const newestFirst: HistoryEvent[] = [];
    let nextPageToken: Uint8Array | undefined;
    try {
      do {
        const page = await this.client.workflowService.getWorkflowExecutionHistoryReverse({ namespace: this.config.temporal.namespace, execution: { workflowId, runId }, maximumPageSize: 100, nextPageToken });
        for (const event of page.history?.events ?? []) {
          if (Number(event.eventId) <= afterEventId) return newestFirst.reverse();
          newestFirst.push(event);
        }
        nextPageToken = page.nextPageToken && page.nextPageToken.length > 0 ? page.nextPageToken : undefined;
      } while (nextPageToken);
    } catch {
      throw platformError('WORKFLOW_UNAVAILABLE', 'The workflow service is unavailable; try again.');
    }
    return newestFirst.reverse();
  }

  /**
   * Workflows of these types on this deployment's task queue that have ended (completed, failed,
   * terminated, timed out; a run that continued as new has not) since `closedSince`, every one if
   * it is undefined. Temporal's list is eventually consistent: a sweep reads again a margin back.
   */
  async *endedWorkflows(workflowTypes: readonly string[], closedSince?: Date): AsyncGenerator<{ workflowId: string; closedAt: Date }> {
    const quoted = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
    const query = [
      `TaskQueue = ${quoted(this.config.temporal.taskQueue)}`,
      `WorkflowType IN (${workflowTypes.map(quoted).join(', ')})`,
      `ExecutionStatus != 'Running'`,
      `ExecutionStatus != 'ContinuedAsNew'`,
      ...(closedSince ? [`CloseTime >= ${quoted(closedSince.toISOString())}`] : []),
    ].join(' AND ');
    try {
      for await (const execution of this.client.workflow.list({ query })) {
        if (execution.closeTime) yield { workflowId: execution.workflowId, closedAt: execution.closeTime };
      }
    } catch (error) {
      throw platformError('WORKFLOW_UNAVAILABLE', `The workflow service is unavailable: ${(error as Error).message}`);
    }
  }

  private async updateFailure(workflowId: string, error: unknown): Promise<DomainError> {
    const refusal = error instanceof WorkflowUpdateFailedError ? refusalOf(error.cause) : undefined;
    if (refusal) {
      const kind = JOB_REFUSALS[refusal.code];
      // A request the workflow finds invalid names its field as every 400 does: in `errors`.
      const field = refusal.details.field;
      const details = kind === 'invalid' && typeof field === 'string' ? { ...refusal.details, errors: [{ field, problems: [refusal.message] }] } : refusal.details;
      return new DomainError(kind, refusal.rule, refusal.message, details);
    }
    if (error instanceof WorkflowNotFoundError) {
      // A finished workflow takes no more Updates: the job is over (or was never started).
      const closed = await this.client.workflow
        .getHandle(workflowId)
        .describe()
        .then((description) => description.status.name !== 'RUNNING', () => false);
      return closed
        ? platformError('JOB_CLOSED', 'This job is finished; it takes no more actions.', { allowedActions: [] })
        : platformError('WORKFLOW_UNAVAILABLE', "The job's workflow cannot be reached; try again.");
    }
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
      // The workflow may have taken the action and be waiting on its database write.
      return platformError('ACTION_UNCONFIRMED', 'The action was not confirmed in time; read the job to see whether it took effect, then retry with the same Idempotency-Key.');
    }
    this.logger.error(`Update of ${workflowId} failed: ${(error as Error).message}`);
    return platformError('WORKFLOW_UNAVAILABLE', 'The workflow service is unavailable; nothing changed. Try again.');
  }
}
