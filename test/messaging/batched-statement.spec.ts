import { BatchedStatement } from '../../src/messaging/batched-statement.js';

/** A statement that records the items of each run and answers each item doubled, after `ms`. */
function doubling(ms = 20) {
  const runs: number[][] = [];
  const statement = async (items: number[]) => {
    runs.push(items);
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (items.includes(13)) throw new Error('13 is refused');
    return items.map((item) => item * 2);
  };
  return { runs, statement };
}

describe('a statement shared by the calls made at once', () => {
  it('runs a call made alone at once, without waiting to gather others', async () => {
    const { runs, statement } = doubling();
    const batched = new BatchedStatement(statement, { inFlight: 1, maxItems: 10, gatherMs: 1_000 });

    const started = performance.now();
    expect(await batched.add(1)).toBe(2);

    expect(performance.now() - started).toBeLessThan(500);
    expect(runs).toEqual([[1]]);
  });

  it('gathers the calls made while a statement runs into the next one, each answered with its own result', async () => {
    const { runs, statement } = doubling();
    const batched = new BatchedStatement(statement, { inFlight: 1, maxItems: 10, gatherMs: 0 });

    const results = await Promise.all([1, 2, 3, 4].map((item) => batched.add(item)));

    expect(results).toEqual([2, 4, 6, 8]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it('puts no more than maxItems in one statement, and runs no more than inFlight at once', async () => {
    const { runs, statement } = doubling();
    const batched = new BatchedStatement(statement, { inFlight: 2, maxItems: 3, gatherMs: 0 });

    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((item) => batched.add(item)));

    // Two run at once; the rest wait for one of them to end.
    expect(runs).toEqual([[1], [2], [3, 4, 5], [6, 7]]);
  });

  it('under load starts statements no closer together than gatherMs, so more calls share each', async () => {
    const { runs, statement } = doubling(1);
    const batched = new BatchedStatement(statement, { inFlight: 2, maxItems: 100, gatherMs: 50 });

    const first = batched.add(1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const later = [2, 3, 4].map((item) => batched.add(item));
    await Promise.all([first, ...later]);

    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it('retries a refused statement one item at a time, so only the caller of the bad item fails', async () => {
    const { runs, statement } = doubling();
    const batched = new BatchedStatement(statement, { inFlight: 1, maxItems: 10, gatherMs: 0 });

    const results = await Promise.allSettled([1, 2, 13, 4].map((item) => batched.add(item)));

    expect(results).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'fulfilled', value: 4 },
      { status: 'rejected', reason: new Error('13 is refused') },
      { status: 'fulfilled', value: 8 },
    ]);
    expect(runs).toEqual([[1], [2, 13, 4], [2], [13], [4]]);
  });
});
