import { describeError, log, logError } from './log.js';

/** Stop order: what depends on others stops first. Services of one layer stop together. */
const LAYERS = ['apps', 'twilio', 'redis', 'temporal', 'postgres'] as const;
export type Layer = (typeof LAYERS)[number];

interface Running {
  name: string;
  stop: () => Promise<void>;
}

/** What the local stack has started so far, to stop in dependency order however far start-up got. */
export class Stack {
  private readonly running = new Map<Layer, Running[]>();
  private stopped?: Promise<void>;
  private added = false;

  /** True once anything was started (and so has been, or will be, stopped). */
  get startedAnything(): boolean {
    return this.added;
  }

  add(layer: Layer, name: string, stop: () => Promise<void>): void {
    this.added = true;
    const services = this.running.get(layer) ?? [];
    services.push({ name, stop });
    this.running.set(layer, services);
  }

  /** Stops everything started, layer by layer; logs failures and goes on. Safe to call twice. */
  stop(): Promise<void> {
    this.stopped ??= this.stopLayers();
    return this.stopped;
  }

  private async stopLayers(): Promise<void> {
    for (const layer of LAYERS) {
      const services = this.running.get(layer) ?? [];
      this.running.delete(layer);
      await Promise.all(
        services.map(async ({ name, stop }) => {
          try {
            await stop();
            log(`${name} stopped`);
          } catch (error) {
            logError(`${name} did not stop cleanly: ${describeError(error)}`);
          }
        }),
      );
    }
  }
}
