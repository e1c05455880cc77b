import { changePromisedDateUpdate, sendToVendorUpdate } from '../../workflows/repair-job/contract.js';
import type { Actor } from '../../workflows/shared/job-model.js';
import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { shopClient } from '../support/shop-client.js';
import { aCustomer, aPiece, aTakeIn } from '../support/builders.js';
import { eventually } from '../support/eventually.js';
import { sql } from '../support/sql.js';
import { STAFF } from '../support/test-config.js';

const MAIN_STORE = '00000000-0000-4000-8000-000000000001';
const BEN: Actor = { kind: 'staff', id: STAFF.manager.id, name: STAFF.manager.name, role: 'manager', channel: 'counter' };

interface LateJob {
  jobId: string;
  number: string;
  lateSince: string;
  lateBySeconds: number;
  assigneeId: string | null;
}
type LateLists = Record<'overdue' | 'waitingOnCustomer' | 'vendorLate' | 'unclaimed' | 'stuckInStage', LateJob[]> & { asOf: string };

describe("managers' late lists and custody report (real Postgres, Temporal and Redis)", () => {
  let stack: AtelierStack;

  beforeAll(async () => {
    stack = await startAtelierStack();
    // Second-long pickup policies, so "unclaimed" happens within the test.
    const policy = await call('PUT', `/stores/${MAIN_STORE}/policy`, { pickupRemindersAfter: ['1s'], unclaimedAfter: '2s' }, 'manager');
    expect(policy.status).toBe(200);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const { call, act, aRepair, pickUp } = shopClient(() => stack);

  /** A job's "late" deadline a moment from now, as the workflow keeps it (the API only takes whole days, never a past one). */
  const inAMoment = (ms: number) => ({ date: new Date().toISOString().slice(0, 10), deadlineAt: new Date(Date.now() + ms).toISOString() });

  const late = async (query = '') => {
    const response = await call('GET', `/manager/late${query}`, undefined, 'manager');
    expect(response.status).toBe(200);
    return response.body as LateLists;
  };
  const numbers = (jobs: LateJob[]) => jobs.map((job) => job.number);

  it('lists overdue, waiting, vendor-late, unclaimed and stuck jobs, each most late first, as the journal and projection say', async () => {
    // Five quick repairs, start to finish, make the store's usual time "at the bench" a matter of moments.
    for (let index = 0; index < 5; index += 1) {
      const quick = await aRepair();
      expect((await act(quick.id, 'assign', { jewelerId: STAFF.carl.id })).status).toBe(200);
      expect((await act(quick.id, 'work-finished', {}, 'carl')).status).toBe(200);
      expect((await act(quick.id, 'quality-check/pass', {}, 'dina')).status).toBe(200);
      expect((await pickUp(quick.id)).body.stage).toBe('picked_up');
    }
    // Two promises that lapse a moment apart: the one that lapsed first is the more late.
    const overdueFirst = await aRepair();
    const overdueSecond = await aRepair();
    await stack.temporal.workflow.getHandle(overdueFirst.workflowId).executeUpdate(changePromisedDateUpdate, { args: [{ actor: BEN, reason: 'test', promised: { ...inAMoment(500), rush: false } }] });
    await stack.temporal.workflow.getHandle(overdueSecond.workflowId).executeUpdate(changePromisedDateUpdate, { args: [{ actor: BEN, reason: 'test', promised: { ...inAMoment(1_500), rush: false } }] });
    // An estimate the customer has not answered.
    const waiting = await aRepair((customerId) => aTakeIn(customerId));
    expect((await act(waiting.id, 'estimate', { lines: [{ kind: 'labour', description: 'Rebuild the head', quantity: 1, unitMinor: 30_000 }] }, 'carl')).body.stage).toBe('awaiting_approval');
    // At a vendor past the expected return.
    const atVendor = await aRepair();
    expect((await act(atVendor.id, 'assign', { jewelerId: STAFF.carl.id })).status).toBe(200);
    const back = inAMoment(1_000);
    await stack.temporal.workflow.getHandle(atVendor.workflowId).executeUpdate(sendToVendorUpdate, { args: [{ actor: BEN, vendor: 'Stone Setters Ltd', reference: 'SS-1', expectedBackAt: back.deadlineAt, expectedBackOn: back.date }] });
    // Ready and never collected.
    const ready = await aRepair();
    await act(ready.id, 'assign', { jewelerId: STAFF.carl.id });
    await act(ready.id, 'work-finished', {}, 'carl');
    expect((await act(ready.id, 'quality-check/pass', {}, 'dina')).body.stage).toBe('ready_for_pickup');
    // Left at the bench longer than the five before it.
    const stuck = await aRepair();
    await act(stuck.id, 'assign', { jewelerId: STAFF.carl.id });

    const projected = async () => sql<{ overdue: number; vendor_late: number; unclaimed: number }>(stack.database.url, 'select count(*) filter (where overdue)::int as overdue, count(*) filter (where vendor_late)::int as vendor_late, count(*) filter (where unclaimed)::int as unclaimed from jobs');
    await eventually(projected, ([flags]) => flags.overdue === 2 && flags.vendor_late === 1 && flags.unclaimed === 1, 20_000);

    const lists = await late('?waitingDays=0');
    const expected = await expectedLateLists(new Date(lists.asOf), 0);
    for (const list of ['overdue', 'waitingOnCustomer', 'vendorLate', 'unclaimed', 'stuckInStage'] as const) {
      expect({ list, jobs: numbers(lists[list]) }).toEqual({ list, jobs: expected[list].map((job) => job.number) });
      for (const [index, job] of lists[list].entries()) {
        expect(job.lateSince).toBe(expected[list][index].lateSince.toISOString());
        expect(Math.abs(job.lateBySeconds - expected[list][index].lateByMs / 1000)).toBeLessThanOrEqual(1);
      }
    }
    // The paths above put each job where the test meant it to be.
    expect(numbers(lists.overdue)).toEqual([overdueFirst.number, overdueSecond.number]);
    expect(numbers(lists.waitingOnCustomer)).toContain(waiting.number);
    expect(numbers(lists.vendorLate)).toEqual([atVendor.number]);
    expect(numbers(lists.unclaimed)).toEqual([ready.number]);
    expect(numbers(lists.stuckInStage)).toContain(stuck.number);

    // Three days' patience: the estimate sent a moment ago is not late yet.
    expect(numbers((await late()).waitingOnCustomer)).toEqual([]);
    // One jeweler's work only.
    const carls = await late(`?waitingDays=0&assigneeId=${STAFF.carl.id}`);
    for (const list of ['overdue', 'waitingOnCustomer', 'vendorLate', 'unclaimed', 'stuckInStage'] as const) {
      expect(carls[list].every((job) => job.assigneeId === STAFF.carl.id)).toBe(true);
    }
    expect(numbers(carls.stuckInStage)).toContain(stuck.number);
    expect(numbers(carls.overdue)).toEqual([]);
  });

  it('totals the declared value of everything the shop holds per location, and leaves out what went home', async () => {
    const report = async () => {
      const response = await call('GET', `/manager/custody?storeId=${MAIN_STORE}`, undefined, 'owner');
      expect(response.status).toBe(200);
      return response.body as { itemCount: number; totals: { currency: string; declaredValueMinor: number }[]; locations: { location: string; itemCount: number; undeclaredCount: number; totals: { currency: string; declaredValueMinor: number }[]; items: { jobNumber: string; holderName: string; since: string }[] }[] };
    };
    const sizing = [{ kind: 'labour', description: 'Sizing', quantity: 1, unitMinor: 4_500 }];
    const inSafe = await aRepair((customerId) => aTakeIn(customerId, { items: [aPiece({ declaredValue: { amountMinor: 250_000, currency: 'USD' }, estimate: sizing })] }));
    expect((await call('POST', '/jobs/scan', { number: inSafe.number, location: 'safe', holder: { kind: 'store' }, detail: 'Safe 1, drawer 3' })).status).toBe(200);
    const atBench = await aRepair((customerId) => aTakeIn(customerId, { items: [aPiece({ declaredValue: { amountMinor: 80_000, currency: 'USD' }, estimate: sizing })] }));
    expect((await act(atBench.id, 'assign', { jewelerId: STAFF.dina.id })).status).toBe(200);
    const customer = await call('POST', '/customers', aCustomer());
    const order = await call('POST', '/orders', {
      customerId: customer.body.id,
      summary: 'Engagement ring, platinum solitaire',
      customerWords: 'Like her grandmother’s ring',
      spec: 'Pt950, 6-prong, size 6, the customer’s 1.2 ct round',
      ownMaterials: [{ description: "Customer's 1.2 ct round diamond", declaredValue: { amountMinor: 900_000, currency: 'USD' } }],
    });
    expect(order.status).toBe(201);
    const collected = await aRepair();
    await act(collected.id, 'assign', { jewelerId: STAFF.carl.id });
    await act(collected.id, 'work-finished', {}, 'carl');
    await act(collected.id, 'quality-check/pass', {}, 'dina');
    expect((await pickUp(collected.id)).status).toBe(200);

    const shown = await report();
    // Computed independently, from every item row of the store not back with its customer.
    const held = await sql<{ location: string; value: string | null; currency: string | null; number: string }>(
      stack.database.url,
      `select i.custody_location as location, i.declared_value_minor::text as value, i.currency, j.number from job_items i join jobs j on j.id = i.job_id where j.store_id = $1 and i.custody_location <> 'customer'`,
      [MAIN_STORE],
    );
    expect(shown.itemCount).toBe(held.length);
    const sumOf = (rows: typeof held) => rows.reduce((sum, row) => sum + Number(row.value ?? 0), 0);
    expect(shown.totals).toEqual([{ currency: 'USD', declaredValueMinor: sumOf(held) }]);
    for (const location of shown.locations) {
      const there = held.filter((row) => row.location === location.location);
      expect({ location: location.location, count: location.itemCount, total: location.totals[0]?.declaredValueMinor ?? 0 }).toEqual({ location: location.location, count: there.length, total: sumOf(there) });
      expect(location.undeclaredCount).toBe(there.filter((row) => row.value === null).length);
      expect([...location.items].sort((a, b) => a.since.localeCompare(b.since))).toEqual(location.items);
    }
    const where = (number: string) => shown.locations.find((location) => location.items.some((item) => item.jobNumber === number));
    expect(where(inSafe.number)?.location).toBe('safe');
    expect(where(atBench.number)).toMatchObject({ location: 'bench', items: expect.arrayContaining([expect.objectContaining({ jobNumber: atBench.number, holderName: 'dina' })]) });
    expect(where(order.body.number)?.location).toBe('counter');
    expect(where(collected.number)).toBeUndefined();
  });

  it('answers managers and owners only, and another store as if it did not exist', async () => {
    expect((await call('GET', '/manager/late', undefined, 'counter')).status).toBe(403);
    expect((await call('GET', '/manager/custody', undefined, 'carl')).status).toBe(403);
    const other = await call('POST', '/stores', { code: 'UP', name: 'Uptown', timeZone: 'America/New_York', currency: 'USD' }, 'owner');
    expect(other.status).toBe(201);
    const asBen = await call('GET', `/manager/late?storeId=${other.body.id}`, undefined, 'manager');
    expect(asBen).toMatchObject({ status: 404, body: { code: 'STORE_NOT_FOUND' } });
    expect((await call('GET', `/manager/custody?storeId=${other.body.id}`, undefined, 'manager')).status).toBe(404);
    const asOlive = await call('GET', `/manager/custody?storeId=${other.body.id}`, undefined, 'owner');
    expect(asOlive).toMatchObject({ status: 200, body: { itemCount: 0, locations: [] } });
    expect((await call('GET', '/manager/late?waitingDays=-1', undefined, 'manager')).status).toBe(400);
    expect((await call('GET', '/manager/late?storeId=nope', undefined, 'manager')).status).toBe(400);
  });

  /** The five lists as the test reads them off the tables: open jobs, flag events, and the time finished jobs spent in each stage. */
  async function expectedLateLists(now: Date, waitingDays: number) {
    const jobs = await sql<{ id: string; kind: string; number: string; stage: string; stage_since: Date; waiting_on: string; promised_by: string | null; deadline: Date | null; overdue: boolean; vendor_late: boolean; unclaimed: boolean }>(
      stack.database.url,
      `select j.id, j.kind, j.number, j.stage, j.stage_since, j.waiting_on, j.promised_by::text, ((j.promised_by + 1)::timestamp at time zone s.time_zone) as deadline, j.overdue, j.vendor_late, j.unclaimed
         from jobs j join stores s on s.id = j.store_id where not j.closed`,
    );
    const events = await sql<{ job_id: string; sequence: number; type: string; at: Date; data: { to?: string; flag?: string } }>(stack.database.url, 'select job_id, sequence, type, at, data from job_events order by job_id, sequence');
    const flagAt = (jobId: string, flag: string) => events.filter((event) => event.job_id === jobId && event.type === 'flag_raised' && event.data.flag === flag).at(-1)?.at;
    const finished = await sql<{ id: string; kind: string }>(stack.database.url, 'select id, kind from jobs where closed');
    const kindOf = new Map(finished.map((job) => [job.id, job.kind]));
    // Each finished job's whole time in each stage (a stage visited twice counts once, summed).
    const perJob = new Map<string, number>();
    const changes = events.filter((event) => event.type === 'stage_changed');
    for (const [index, change] of changes.entries()) {
      const next = changes[index + 1];
      if (!next || next.job_id !== change.job_id || !change.data.to || !kindOf.has(change.job_id)) continue;
      const key = `${change.job_id}|${kindOf.get(change.job_id)}/${change.data.to}`;
      perJob.set(key, (perJob.get(key) ?? 0) + next.at.getTime() - change.at.getTime());
    }
    const stays = new Map<string, number[]>();
    for (const [key, ms] of perJob) {
      const stage = key.split('|')[1];
      stays.set(stage, [...(stays.get(stage) ?? []), ms]);
    }
    // Nearest rank; the service reads it from a histogram, within 6.25% (the tolerance below is a second).
    const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(0.9 * values.length) - 1];
    type Expected = { number: string; lateSince: Date; lateByMs: number };
    const lists: Record<keyof Omit<LateLists, 'asOf'>, Expected[]> = { overdue: [], waitingOnCustomer: [], vendorLate: [], unclaimed: [], stuckInStage: [] };
    for (const job of jobs) {
      const entry = (since: Date, limit: number): Expected => ({ number: job.number, lateSince: since, lateByMs: now.getTime() - limit });
      const overdueSince = (job.overdue ? flagAt(job.id, 'overdue') : undefined) ?? job.deadline ?? job.stage_since;
      if (job.overdue || (['shop', 'vendor'].includes(job.waiting_on) && job.deadline && job.deadline <= now)) lists.overdue.push(entry(overdueSince, overdueSince.getTime()));
      if (job.waiting_on === 'customer' && now.getTime() - job.stage_since.getTime() > waitingDays * 86_400_000) lists.waitingOnCustomer.push(entry(job.stage_since, job.stage_since.getTime() + waitingDays * 86_400_000));
      const vendorLateAt = flagAt(job.id, 'vendorLate');
      if (job.vendor_late && vendorLateAt) lists.vendorLate.push(entry(vendorLateAt, vendorLateAt.getTime()));
      const unclaimedAt = flagAt(job.id, 'unclaimed');
      if (job.unclaimed && unclaimedAt) lists.unclaimed.push(entry(unclaimedAt, unclaimedAt.getTime()));
      const usual = stays.get(`${job.kind}/${job.stage}`) ?? [];
      if (usual.length >= 5 && now.getTime() - job.stage_since.getTime() > p90(usual)) lists.stuckInStage.push(entry(job.stage_since, job.stage_since.getTime() + p90(usual)));
    }
    for (const list of Object.values(lists)) list.sort((a, b) => b.lateByMs - a.lateByMs || a.number.localeCompare(b.number));
    return lists;
  }
});
