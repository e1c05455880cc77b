import { Injectable } from '@nestjs/common';
import { TemporalGateway } from '../platform/temporal/temporal-gateway.service.js';
import { HistoryReader, type HistoryReading } from './workflow-history.js';

/** Open jobs whose reading a process keeps (a few kilobytes each: their facts and task causes, not the events). */
const KEPT_WORKFLOWS = 500;

/**
 * What open jobs' workflow histories say, kept between reads: each read asks Temporal how long the
 * current run's history is now and reads only the events added since (newest first, back to the last
 * one read). A job read often, or moved between reads, costs one describe and a short page instead
 * of its whole history; a new run (continue-as-new) or a job not kept is read in full.
 */
@Injectable()
export class WorkflowHistories {
  private readonly kept = new Map<string, HistoryReader[]>();

  constructor(private readonly temporal: TemporalGateway) {}

  /** Undefined once Temporal no longer has the workflow. */
  async readingOf(workflowId: string): Promise<HistoryReading | undefined> {
    const current = await this.temporal.currentRun(workflowId);
    if (!current) {
      this.kept.delete(workflowId);
      return undefined;
    }
    let runs = this.kept.get(workflowId);
    const latest = runs?.at(-1);
    if (!runs || !latest || latest.runId !== current.runId) {
      const history = await this.temporal.history(workflowId);
      if (!history) return undefined;
      runs = history.map((run) => new HistoryReader(run.runId).feed(run.events));
    } else if (latest.lastEventId < current.historyLength) {
      latest.feed(await this.temporal.eventsAfter(workflowId, current.runId, latest.lastEventId));
    }
    this.keep(workflowId, runs);
    const readings = runs.map((run) => run.reading);
    return { facts: readings.flatMap((reading) => reading.facts), triggers: readings.flatMap((reading) => reading.triggers) };
  }

  /** Most recently read last; the least recently read goes first when the map is full. */
  private keep(workflowId: string, runs: HistoryReader[]): void {
    this.kept.delete(workflowId);
    this.kept.set(workflowId, runs);
    if (this.kept.size > KEPT_WORKFLOWS) this.kept.delete(this.kept.keys().next().value as string);
  }
}
