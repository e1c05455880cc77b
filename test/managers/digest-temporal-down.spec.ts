import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client, Connection } from '@temporalio/client';
import { createApiApp } from '../../src/api.js';
import { type RunningWorker, startWorker } from '../../src/worker-runtime.js';
import { managerDigestScheduleId } from '../../workflows/manager-digest.contract.js';
import { freePort } from '../support/free-port.js';
import { request } from '../support/http.js';
import { seedStaff } from '../support/staff-seed.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { STAFF, testConfig } from '../support/test-config.js';

const MAIN_STORE = '00000000-0000-4000-8000-000000000001';

/**
 * A store policy saved while Temporal cannot be reached: the save succeeds (the store is the truth;
 * the digest schedule is derived from it) and the worker's next start brings the schedule in line.
 */
describe("store policy changes while Temporal is down (the managers' digest schedule catches up)", () => {
  let database: TestDatabase;
  let api: NestFastifyApplication;
  let worker: RunningWorker | undefined;
  let temporal: Client | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedStaff(database.url);
    // An API whose Temporal is a port nobody listens on.
    const config = testConfig({ databaseUrl: database.url, twilioBaseUrl: 'http://127.0.0.1:9', smtpUrl: 'smtp://127.0.0.1:9', env: { TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` } });
    api = await createApiApp(config, []);
    await api.init();
    await api.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await api?.close();
    const scheduleIds = worker?.scheduleIds ?? [];
    await worker?.stop();
    for (const scheduleId of scheduleIds) await temporal?.schedule.getHandle(scheduleId).delete().catch(() => {});
    await temporal?.connection.close();
    await database?.drop();
  });

  const call = (method: 'POST' | 'PUT', url: string, body: unknown) => request(api, method, url, { token: STAFF.owner.token, body });

  it('saves the policy and the new store without a 5xx, and the worker start makes their schedules match', async () => {
    const timed = async <T>(work: () => Promise<T>) => {
      const startedAt = Date.now();
      const answer = await work();
      return { answer, tookMs: Date.now() - startedAt };
    };
    const saved = await timed(() => call('PUT', `/stores/${MAIN_STORE}/policy`, { managerDigestAt: '05:20' }));
    expect(saved.answer.status).toBe(200);
    expect(saved.answer.body.policy.managerDigestAt).toBe('05:20');
    const created = await timed(() => call('POST', '/stores', { code: 'OFF', name: 'Offline', timeZone: 'Asia/Tokyo', currency: 'JPY' }));
    expect(created.answer.status).toBe(201);
    // Each waited at most the few seconds the API gives Temporal.
    for (const { tookMs } of [saved, created]) expect(tookMs).toBeLessThan(5_000);

    const config = testConfig({ databaseUrl: database.url, twilioBaseUrl: 'http://127.0.0.1:9', smtpUrl: 'smtp://127.0.0.1:9' });
    worker = await startWorker(config, ['error']);
    temporal = new Client({ connection: await Connection.connect({ address: config.temporal.address }), namespace: config.temporal.namespace });
    const main = await temporal.schedule.getHandle(managerDigestScheduleId(config.temporal.taskQueue, MAIN_STORE)).describe();
    expect(main.spec.calendars?.[0]).toMatchObject({ hour: [expect.objectContaining({ start: 5 })], minute: [expect.objectContaining({ start: 20 })] });
    expect(main.spec.timezone).toBe('America/New_York');
    const tokyo = await temporal.schedule.getHandle(managerDigestScheduleId(config.temporal.taskQueue, created.answer.body.id)).describe();
    expect(tokyo.spec.timezone).toBe('Asia/Tokyo');
    expect(tokyo.state.paused).toBe(false);
  }, 60_000);
});
