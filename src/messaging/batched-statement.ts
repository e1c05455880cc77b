interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

export interface BatchLimits {
  /** Statements running at once; calls made meanwhile wait for the next one. */
  inFlight: number;
  /** Items in one statement at most. */
  maxItems: number;
  /**
   * The least time between the starts of two statements: under load, calls gather for this long and
   * share a statement; a call that finds none begun that recently runs at once.
   */
  gatherMs: number;
}

/**
 * Runs one statement for many callers: the calls made while a statement is running go together
 * in the next one. Alone, a call runs at once; under load, many deliveries share one round trip
 * and one commit. Each caller's promise settles only once its own statement has finished, so a
 * caller never goes on before what it asked for is committed.
 */
export class BatchedStatement<Item, Result> {
  private waiting: Waiting<Item, Result>[] = [];
  private running = 0;
  private lastStart = Number.NEGATIVE_INFINITY;
  private gathering: NodeJS.Timeout | undefined;

  /** `run` returns one result per item, in the items' order. */
  constructor(
    private readonly run: (items: Item[]) => Promise<Result[]>,
    private readonly limits: BatchLimits,
  ) {}

  add(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.running < this.limits.inFlight && this.waiting.length > 0 && !this.gathering) {
      const wait = this.lastStart + this.limits.gatherMs - performance.now();
      if (wait > 0 && this.waiting.length < this.limits.maxItems) {
        this.gathering = setTimeout(() => {
          this.gathering = undefined;
          this.next();
        }, wait);
        return;
      }
      const batch = this.waiting.splice(0, this.limits.maxItems);
      this.lastStart = performance.now();
      this.running += 1;
      void this.settle(batch).finally(() => {
        this.running -= 1;
        this.next();
      });
    }
  }

  private async settle(batch: Waiting<Item, Result>[]): Promise<void> {
    try {
      const results = await this.run(batch.map((call) => call.item));
      batch.forEach((call, index) => call.resolve(results[index]));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      // The statement did nothing (it is one transaction): each item alone, so one bad item fails only its own caller.
      await Promise.all(batch.map((call) => this.settle([call])));
    }
  }
}
