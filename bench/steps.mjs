import { performance } from 'node:perf_hooks';
import { AuthService } from '../dist/src/staff/auth.service.js';
import { RecordStoresLookup } from '../dist/src/jobs/record-stores.service.js';
import { StaffDirectory } from '../dist/src/staff/staff-directory.service.js';
import { TemporalGateway } from '../dist/src/platform/temporal/temporal-gateway.service.js';
import { JobActionRunner } from '../dist/src/jobs/job-actions.js';
import { JobJournalWriter } from '../dist/src/jobs/job-journal.service.js';

/**
 * Where the time of a stage change goes: the API, the worker and the benchmark's clients share
 * this process, so each step of the path is timed by wrapping its method (nothing in the product
 * is changed for it). The wall time of the HTTP request minus the steps is the rest: the client,
 * Fastify, Nest's pipeline, validation and serialisation.
 */
const STEPS = [
  ['sign-in check (access token lookup)', AuthService.prototype, 'authenticate'],
  ["store scope (guard: the record's store)", RecordStoresLookup.prototype, 'storeOf'],
  ['the repair and its job row (one query)', JobActionRunner.prototype, 'require'],
  ['jeweler lookup', StaffDirectory.prototype, 'require'],
  ['Temporal Update, whole (client to answer)', TemporalGateway.prototype, 'update'],
  ['  within it: journal write (local activity, one SQL statement)', JobJournalWriter.prototype, 'record'],
  ["  alongside it: the job's photos (read while the Update runs)", JobActionRunner.prototype, 'photosOf'],
  ['answer built (the state laid over the row)', JobActionRunner.prototype, 'view'],
];

export class StepClock {
  totals = new Map(STEPS.map(([name]) => [name, 0]));
  counting = false;

  constructor() {
    for (const [name, prototype, method] of STEPS) {
      const original = prototype[method];
      const clock = this;
      prototype[method] = async function timedStep(...args) {
        const started = performance.now();
        try {
          return await original.apply(this, args);
        } finally {
          if (clock.counting) clock.totals.set(name, clock.totals.get(name) + performance.now() - started);
        }
      };
    }
  }

  start() {
    for (const name of this.totals.keys()) this.totals.set(name, 0);
    this.counting = true;
  }

  /** Each step's mean per operation since `start()`, and the rest of the operations' mean latency. */
  stop(samples) {
    this.counting = false;
    const meanMs = samples.reduce((sum, sample) => sum + sample, 0) / samples.length;
    const steps = [...this.totals].map(([name, ms]) => ({ name, meanMs: ms / samples.length }));
    const outside = steps.filter((step) => !step.name.startsWith('  ')).reduce((sum, step) => sum + step.meanMs, 0);
    return { meanMs, steps: [...steps, { name: 'the rest (client, Fastify, Nest pipeline, validation, JSON)', meanMs: meanMs - outside }] };
  }
}
