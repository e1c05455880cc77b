import type { ScheduleDescription } from '@temporalio/client';
import { ManagerDigests } from '../../src/managers/digest/manager-digests.service.js';
import { changePromisedDateUpdate } from '../../workflows/repair-job/contract.js';
import { type ManagerDigestOutcome, managerDigestScheduleId, managerDigestSyncScheduleId } from '../../workflows/manager-digest.contract.js';
import type { Actor } from '../../workflows/shared/job-model.js';
import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { shopClient } from '../support/shop-client.js';
import { aPiece, aTakeIn } from '../support/builders.js';
import { eventually } from '../support/eventually.js';
import { request } from '../support/http.js';
import { sql } from '../support/sql.js';
import { STAFF, TEST_EMAIL_FROM, staffEmailOf } from '../support/test-config.js';

const MAIN_STORE = '00000000-0000-4000-8000-000000000001';
const BEN: Actor = { kind: 'staff', id: STAFF.manager.id, name: STAFF.manager.name, role: 'manager', channel: 'counter' };
const usd = (minor: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(minor / 100);
const dayIn = (timeZone: string, instant: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
const longDay = (isoDate: string) => new Intl.DateTimeFormat('en-US', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoDate}T12:00:00Z`));
/** An instant's local wall-clock time, HH:MM. */
const clockIn = (timeZone: string, instant: Date) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);

/**
 * The managers' daily digest on the real stack: one Temporal schedule per store kept in line with
 * the store policy, and the email it sends (nodemailer to the local SMTP server), once per person
 * and day however often it runs.
 */
describe("the managers' daily digest (real Temporal schedules, Postgres and SMTP)", () => {
  let stack: AtelierStack;
  /** Stores this file creates; their schedules are deleted at the end with the worker's own. */
  const createdStores: string[] = [];

  beforeAll(async () => {
    stack = await startAtelierStack();
    // Second-long pickup policies, so "unclaimed" happens within the test.
    const policy = await call('PUT', `/stores/${MAIN_STORE}/policy`, { pickupRemindersAfter: ['1s'], unclaimedAfter: '2s' }, 'manager');
    expect(policy.status).toBe(200);
  });

  afterAll(async () => {
    for (const storeId of createdStores) await stack?.temporal.schedule.getHandle(scheduleIdOf(storeId)).delete().catch(() => {});
    await stack?.stop();
  });

  const { call, act, aRepair } = shopClient(() => stack);
  const scheduleIdOf = (storeId: string) => managerDigestScheduleId(stack.config.temporal.taskQueue, storeId);
  const describeSchedule = (storeId: string) => stack.temporal.schedule.getHandle(scheduleIdOf(storeId)).describe();
  const digestTime = (schedule: ScheduleDescription) => {
    const [calendar] = schedule.spec.calendars ?? [];
    const hour = calendar?.hour[0]?.start ?? -1;
    const minute = calendar?.minute[0]?.start ?? -1;
    return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  };

  async function aStore(code: string, timeZone: string): Promise<string> {
    const created = await call('POST', '/stores', { code, name: `Store ${code}`, timeZone, currency: 'USD' }, 'owner');
    expect(created.status).toBe(201);
    createdStores.push(created.body.id);
    return created.body.id as string;
  }

  async function aManagerOf(storeIds: string[], name: string): Promise<{ id: string; email: string }> {
    const email = `${name}@atelier.test`;
    const created = await call('POST', '/staff', { email, name, role: 'manager', storeIds }, 'owner');
    expect(created.status).toBe(201);
    return { id: created.body.account.id, email };
  }

  /** Fires the store's schedule now (as the calendar would) and waits for that run's outcome. */
  async function triggerDigest(storeId: string): Promise<ManagerDigestOutcome & { runId: { workflowId: string; runId: string } }> {
    const handle = stack.temporal.schedule.getHandle(scheduleIdOf(storeId));
    const before = (await handle.describe()).info.recentActions.length;
    // Each run's workflow id ends in the second it fired: two triggers within one second would be one run.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await handle.trigger();
    const described = await eventually(() => handle.describe(), (schedule) => schedule.info.recentActions.length > before);
    const { workflow } = described.info.recentActions.at(-1)!.action;
    const outcome: ManagerDigestOutcome = await stack.temporal.workflow.getHandle(workflow.workflowId, workflow.firstExecutionRunId).result();
    return { ...outcome, runId: { workflowId: workflow.workflowId, runId: workflow.firstExecutionRunId } };
  }

  /** The instant the run was due (set by the schedule) and the day its activity was asked for. */
  async function dueAndAskedOf({ workflowId, runId }: { workflowId: string; runId: string }): Promise<{ due: string; asOf: string }> {
    const handle = stack.temporal.workflow.getHandle(workflowId, runId);
    const due = (await handle.describe()).searchAttributes.TemporalScheduledStartTime?.[0] as Date;
    const scheduled = (await handle.fetchHistory()).events?.find((event) => event.activityTaskScheduledEventAttributes)?.activityTaskScheduledEventAttributes;
    const input = JSON.parse(Buffer.from(scheduled?.input?.payloads?.[0]?.data ?? []).toString('utf8')) as { asOf: string };
    return { due: new Date(due).toISOString(), asOf: input.asOf };
  }

  const digestsTo = (address: string, localDate: string) => stack.smtp.sentTo(address).filter((email) => email.subject.includes(longDay(localDate)));

  it("keeps one schedule per store in the store's time zone at its digest time: created by the worker and by POST /stores, moved and paused by PUT /stores/{id}/policy, caught up hourly", async () => {
    // The worker made the main store's at its start, with the default time.
    const main = await describeSchedule(MAIN_STORE);
    expect(main.spec.timezone).toBe('America/New_York');
    expect(digestTime(main)).toBe('08:00');
    expect(main.state.paused).toBe(false);
    expect(main.action).toMatchObject({ type: 'startWorkflow', workflowType: 'sendManagerDigestWorkflow', taskQueue: stack.config.temporal.taskQueue, args: [{ storeId: MAIN_STORE }] });
    expect(clockIn('America/New_York', main.info.nextActionTimes[0])).toBe('08:00');

    // A manager moves it: the schedule follows before the answer.
    const moved = await call('PUT', `/stores/${MAIN_STORE}/policy`, { managerDigestAt: '06:45' }, 'manager');
    expect(moved.status).toBe(200);
    expect(moved.body.policy.managerDigestAt).toBe('06:45');
    const movedSchedule = await describeSchedule(MAIN_STORE);
    expect(digestTime(movedSchedule)).toBe('06:45');
    expect(clockIn('America/New_York', movedSchedule.info.nextActionTimes[0])).toBe('06:45');

    // A new store gets its own, in its own time zone.
    const paris = await aStore('PAR', 'Europe/Paris');
    const parisSchedule = await describeSchedule(paris);
    expect(parisSchedule.spec.timezone).toBe('Europe/Paris');
    expect(digestTime(parisSchedule)).toBe('08:00');
    expect(clockIn('Europe/Paris', parisSchedule.info.nextActionTimes[0])).toBe('08:00');
    expect(parisSchedule.action).toMatchObject({ args: [{ storeId: paris }] });

    // Turned off: paused, saying why; on again: running at the new time.
    const off = await call('PUT', `/stores/${paris}/policy`, { managerDigestAt: null }, 'owner');
    expect(off.status).toBe(200);
    expect(off.body.policy.managerDigestAt).toBeNull();
    expect((await describeSchedule(paris)).state).toMatchObject({ paused: true, note: expect.stringContaining('managerDigestAt: null') });
    expect((await call('PUT', `/stores/${paris}/policy`, { managerDigestAt: '07:30' }, 'owner')).status).toBe(200);
    const on = await describeSchedule(paris);
    expect(on.state.paused).toBe(false);
    expect(digestTime(on)).toBe('07:30');

    expect((await call('PUT', `/stores/${paris}/policy`, { managerDigestAt: '25:00' }, 'owner')).body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await call('PUT', `/stores/${paris}/policy`, { managerDigestAt: '7:30' }, 'owner')).status).toBe(400);

    // A policy saved while Temporal could not be reached (written here straight to the table):
    // the hourly catch-up brings the schedule in line.
    await sql(stack.database.url, `update stores set policy = policy || '{"managerDigestAt": "21:15"}'::jsonb where id = $1`, [paris]);
    expect(digestTime(await describeSchedule(paris))).toBe('07:30');
    await stack.temporal.schedule.getHandle(managerDigestSyncScheduleId(stack.config.temporal.taskQueue)).trigger();
    await eventually(() => describeSchedule(paris), (schedule) => digestTime(schedule) === '21:15', 20_000);
    expect(digestTime(await describeSchedule(MAIN_STORE))).toBe('06:45');

    // And so does a worker start.
    await sql(stack.database.url, `update stores set policy = policy || '{"managerDigestAt": null}'::jsonb where id = $1`, [paris]);
    await stack.stopWorker();
    await stack.startWorker();
    expect((await describeSchedule(paris)).state.paused).toBe(true);
    expect(stack.worker.scheduleIds).toEqual(expect.arrayContaining([scheduleIdOf(MAIN_STORE), scheduleIdOf(paris), managerDigestSyncScheduleId(stack.config.temporal.taskQueue)]));
  }, 120_000);

  it("emails each manager and owner of the store one digest a day with its late jobs and custody totals, and nobody else; a second run the same day sends none", async () => {
    const mia = await aManagerOf([MAIN_STORE], 'mia');
    const gone = await aManagerOf([MAIN_STORE], 'gus');
    expect((await call('PATCH', `/staff/${gone.id}`, { active: false }, 'owner')).status).toBe(200);
    const elsewhere = await aStore('UPT', 'America/Chicago');
    const uma = await aManagerOf([elsewhere], 'uma');

    // Overdue: a promise that lapses in a moment.
    const overdue = await aRepair();
    const deadlineAt = new Date(Date.now() + 500).toISOString();
    await stack.temporal.workflow.getHandle(overdue.workflowId).executeUpdate(changePromisedDateUpdate, { args: [{ actor: BEN, reason: 'test', promised: { date: deadlineAt.slice(0, 10), deadlineAt, rush: false } }] });
    // Unclaimed: ready, and not collected within the store's (two-second) policy.
    const ready = await aRepair();
    expect((await act(ready.id, 'assign', { jewelerId: STAFF.carl.id })).status).toBe(200);
    expect((await act(ready.id, 'work-finished', {}, 'carl')).status).toBe(200);
    expect((await act(ready.id, 'quality-check/pass', {}, 'dina')).body.stage).toBe('ready_for_pickup');
    // A valuable piece in the safe.
    const inSafe = await aRepair((customerId) => aTakeIn(customerId, { items: [aPiece({ declaredValue: { amountMinor: 250_000, currency: 'USD' }, estimate: [{ kind: 'labour', description: 'Sizing', quantity: 1, unitMinor: 4_500 }] })] }));
    expect((await call('POST', '/jobs/scan', { number: inSafe.number, location: 'safe', holder: { kind: 'store' }, detail: 'Safe 1, drawer 3' })).status).toBe(200);
    await eventually(
      () => sql<{ number: string }>(stack.database.url, 'select number from jobs where overdue or unclaimed order by number'),
      (rows) => rows.length === 2,
      20_000,
    );
    const custody = (await call('GET', `/manager/custody?storeId=${MAIN_STORE}`, undefined, 'manager')).body as {
      itemCount: number;
      totals: { declaredValueMinor: number }[];
      locations: { location: string; itemCount: number; totals: { declaredValueMinor: number }[]; items: { jobNumber: string }[] }[];
    };
    const safe = custody.locations.find((location) => location.location === 'safe')!;
    expect(safe.items.map((item) => item.jobNumber)).toContain(inSafe.number);

    const firedAt = new Date();
    const first = await triggerDigest(MAIN_STORE);
    const localDate = first.localDate;
    expect([dayIn('America/New_York', firedAt), dayIn('America/New_York', new Date())]).toContain(localDate);
    expect(first).toMatchObject({ status: 'sent', recipients: 3, sent: 3, alreadySent: 0, failed: 0 });
    // The digest's day is the day the run was due, whenever its activity runs.
    const { due, asOf } = await dueAndAskedOf(first.runId);
    expect(asOf).toBe(due);

    const recipients = [staffEmailOf(STAFF.manager), mia.email, staffEmailOf(STAFF.owner)];
    for (const address of recipients) expect({ address, digests: digestsTo(address, localDate).length }).toEqual({ address, digests: 1 });
    for (const address of [staffEmailOf(STAFF.counter), staffEmailOf(STAFF.carl), gone.email, uma.email]) expect({ address, digests: stack.smtp.sentTo(address).filter((email) => email.subject.includes('daily digest')).length }).toEqual({ address, digests: 0 });

    const [email] = digestsTo(staffEmailOf(STAFF.manager), localDate);
    expect(email).toMatchObject({ from: TEST_EMAIL_FROM, subject: `Main store daily digest, ${longDay(localDate)}: 2 late` });
    expect(email.fromName).toContain('Main store');
    const sections = sectionsOf(email.text);
    expect(sections.get('OVERDUE (1)')).toEqual(expect.stringContaining(overdue.number));
    expect(sections.get('OVERDUE (1)')).toEqual(expect.stringMatching(/late · not assigned · /));
    expect(sections.get('READY AND NOT COLLECTED (UNCLAIMED) (1)')).toEqual(expect.stringContaining(ready.number));
    expect(sections.get('READY AND NOT COLLECTED (UNCLAIMED) (1)')).toEqual(expect.stringContaining('assigned to carl'));
    expect(email.text).not.toContain('WAITING ON THE CUSTOMER');
    // The custody report's totals, per location and overall.
    expect(email.text).toContain(`IN THE SHOP'S CARE: ${custody.itemCount} items, ${usd(custody.totals[0].declaredValueMinor)} declared`);
    expect(email.text).toContain(`- Safe: ${safe.itemCount} item${safe.itemCount === 1 ? '' : 's'}, ${usd(safe.totals[0].declaredValueMinor)} declared`);
    expect(email.text).toContain(`${inSafe.number} · Maria · Yellow metal ring, customer stated 14k, one clear stone, worn prongs · with Shop (Safe 1, drawer 3) since `);
    for (const location of custody.locations) expect(email.text).toMatch(new RegExp(`- [A-Za-z ]+: ${location.itemCount} items?, \\${usd(location.totals[0].declaredValueMinor)} declared`));
    expect(email.text).toContain(`${inSafe.number} · Maria · `);
    // The HTML part says the same.
    for (const fragment of [overdue.number, ready.number, inSafe.number, 'Safe 1, drawer 3', usd(250_000), 'Overdue (1)']) expect(email.html).toContain(fragment);
    // Customers by first name only.
    for (const part of [email.text, email.html]) {
      expect(part).toContain('Maria');
      expect(part).not.toContain('Lopez');
      expect(part).not.toContain('maria@example.com');
      expect(part).not.toMatch(/\+1555\d{7}/);
    }
    // The Message-ID is the claimed row's; the staff email record says it went.
    const rows = await sql<{ id: string; email: string; status: string; sent_at: Date | null; attempts: number }>(
      stack.database.url,
      `select d.id, e.to_address as email, d.status, e.sent_at, d.attempts from manager_digests d join staff_emails e on e.id = d.id where d.store_id = $1 and d.local_date = $2`,
      [MAIN_STORE, localDate],
    );
    expect(rows.map((row) => row.email).sort()).toEqual([...recipients].sort());
    for (const row of rows) expect(row).toMatchObject({ status: 'sent', attempts: 1, sent_at: expect.any(Date) });
    expect(email.messageId).toBe(`<${rows.find((row) => row.email === staffEmailOf(STAFF.manager))!.id}@atelier.test>`);
    expect(email.headers['list-unsubscribe']).toMatch(/^<https:\/\/track\.example\.test\/digest-unsubscribe\/[\w-]{32}>$/);

    // The schedule firing again the same day, and a retried activity: nobody gets a second one.
    const second = await triggerDigest(MAIN_STORE);
    expect(second).toMatchObject({ localDate, status: 'sent', recipients: 3, sent: 0, alreadySent: 3 });
    const retried = await stack.worker.app.get(ManagerDigests).send({ storeId: MAIN_STORE, asOf: firedAt.toISOString() });
    expect(retried).toMatchObject({ localDate, sent: 0, alreadySent: 3 });
    for (const address of recipients) expect({ address, digests: digestsTo(address, localDate).length }).toEqual({ address, digests: 1 });

    // A store with nothing late still hears so, from its own schedule, by its own manager and the owner.
    const quiet = await triggerDigest(elsewhere);
    expect(quiet).toMatchObject({ status: 'sent', sent: 2 });
    const [calm] = digestsTo(uma.email, quiet.localDate);
    expect(calm.subject).toBe(`Store UPT daily digest, ${longDay(quiet.localDate)}: nothing late`);
    expect(calm.text).toContain('Nothing is late today.');
    expect(calm.text).toContain("IN THE SHOP'S CARE: 0 items, no declared value");
    expect(digestsTo(staffEmailOf(STAFF.owner), quiet.localDate).filter((digest) => digest.subject.startsWith('Store UPT'))).toHaveLength(1);
  }, 120_000);

  it('runs at once for the same day send each person one digest; a refused send is retried with the same Message-ID; turned off, nothing goes', async () => {
    const digests = () => stack.worker.app.get(ManagerDigests);
    // Days of their own, far from today, so the runs above do not count.
    const dayOne = '2031-03-04T15:00:00Z';
    const [a, b] = await Promise.all([digests().send({ storeId: MAIN_STORE, asOf: dayOne }), digests().send({ storeId: MAIN_STORE, asOf: dayOne })]);
    expect(a.sent + b.sent).toBe(a.recipients);
    expect(a.alreadySent + b.alreadySent).toBe(a.recipients);
    const ben = staffEmailOf(STAFF.manager);
    expect(digestsTo(ben, '2031-03-04')).toHaveLength(1);

    // The server takes Ben's digest and drops the connection before saying so: the retry sends
    // the same email again (same Message-ID: his mailbox shows it once), the others are not resent.
    const dayTwo = '2031-03-05T15:00:00Z';
    stack.smtp.failNext({ kind: 'accept_then_drop' }, 1, ben);
    await expect(digests().send({ storeId: MAIN_STORE, asOf: dayTwo })).rejects.toThrow(/not taken by the mail server yet/);
    const afterRetry = await digests().send({ storeId: MAIN_STORE, asOf: dayTwo });
    expect(afterRetry).toMatchObject({ sent: 1, alreadySent: afterRetry.recipients - 1 });
    const copies = digestsTo(ben, '2031-03-05');
    expect(copies).toHaveLength(2);
    expect(copies[1].messageId).toBe(copies[0].messageId);
    expect(copies[1].text).toBe(copies[0].text);
    // Refused for good (5xx): not retried, counted as failed; the owner sees it among undelivered staff emails.
    const dayThree = '2031-03-06T15:00:00Z';
    stack.smtp.failNext({ kind: 'refuse', code: 550 }, 1, ben);
    expect(await digests().send({ storeId: MAIN_STORE, asOf: dayThree })).toMatchObject({ failed: 1 });
    expect(await digests().send({ storeId: MAIN_STORE, asOf: dayThree })).toMatchObject({ sent: 0, failed: 1 });
    expect(digestsTo(ben, '2031-03-06')).toHaveLength(0);
    const undelivered = await call('GET', '/staff/emails', undefined, 'owner');
    expect(undelivered.body).toEqual(expect.arrayContaining([expect.objectContaining({ to: ben, subject: expect.stringContaining(longDay('2031-03-06')) })]));
    expect(undelivered.body.filter((email: { subject: string }) => email.subject.includes(longDay('2031-03-05')))).toEqual([]);

    // Turned off: a run that still happens sends nothing.
    expect((await call('PUT', `/stores/${MAIN_STORE}/policy`, { managerDigestAt: null }, 'manager')).status).toBe(200);
    expect(await digests().send({ storeId: MAIN_STORE, asOf: '2031-03-07T15:00:00Z' })).toMatchObject({ status: 'off', sent: 0 });
    expect(digestsTo(ben, '2031-03-07')).toHaveLength(0);
    expect((await call('PUT', `/stores/${MAIN_STORE}/policy`, { managerDigestAt: '08:00' }, 'manager')).status).toBe(200);
  }, 120_000);

  it("stops one person's digest of a store from its link (a button first, so link scanners stop nothing), and starts it again", async () => {
    const ben = staffEmailOf(STAFF.manager);
    const [latest] = stack.smtp.sentTo(ben).filter((email) => email.subject.includes('daily digest')).slice(-1);
    const path = new URL(latest.headers['list-unsubscribe'].slice(1, -1)).pathname;

    const confirm = await request(stack.api, 'GET', path);
    expect(confirm.status).toBe(200);
    expect(String(confirm.body)).toContain('<form method="post"');
    expect((await request(stack.api, 'GET', '/digest-unsubscribe/not-a-token-at-all-000000000000')).status).toBe(404);
    const digests = () => stack.worker.app.get(ManagerDigests);
    expect((await digests().send({ storeId: MAIN_STORE, asOf: '2031-04-01T15:00:00Z' })).recipients).toBe(3);

    // One-click, as a mail app does it (RFC 8058).
    const stopped = await request(stack.api, 'POST', path, { body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(stopped.status).toBe(200);
    const without = await digests().send({ storeId: MAIN_STORE, asOf: '2031-04-02T15:00:00Z' });
    expect(without).toMatchObject({ recipients: 2, sent: 2 });
    expect(digestsTo(ben, '2031-04-02')).toHaveLength(0);

    expect((await request(stack.api, 'POST', `${path}/resubscribe`)).status).toBe(200);
    expect(await digests().send({ storeId: MAIN_STORE, asOf: '2031-04-03T15:00:00Z' })).toMatchObject({ recipients: 3, sent: 3 });
    expect(digestsTo(ben, '2031-04-03')).toHaveLength(1);
  }, 60_000);
});

/** The plain-text digest's sections, by their heading line. */
function sectionsOf(text: string): Map<string, string> {
  return new Map(
    text
      .split(/\n\n/)
      .map((block) => block.split('\n'))
      .map(([heading, ...lines]) => [heading, lines.join('\n')] as const),
  );
}
