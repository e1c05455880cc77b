import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { FakeSmtpServer } from '../../src/dev/fake-smtp-server.js';
import { FakeTwilioServer } from '../../src/dev/fake-twilio-server.js';
import { aCustomer, aTakeIn } from '../support/builders.js';
import { eventually } from '../support/eventually.js';
import { sql } from '../support/sql.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { seedStaff } from '../support/staff-seed.js';
import { STAFF, STAFF_PASSWORD, TEST_EMAIL_FROM, TEST_TWILIO, staffEmailOf } from '../support/test-config.js';
import { TEST_REDIS_URL, testTemporalAddress } from '../support/test-services.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const entry = (name: 'main' | 'worker') => `${root}dist/src/${name}.js`;

interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
}

function launch(name: 'main' | 'worker', env: Record<string, string>): { child: ChildProcess; exited: Promise<Exited>; output: () => string } {
  const child = spawn(process.execPath, [entry(name)], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<Exited>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited, output: () => stdout + stderr };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The built `main.js` and `worker.js` as a deployment runs them (`npm test` builds first). */
describe('API and worker processes', () => {
  let database: TestDatabase;
  let twilio: FakeTwilioServer;
  let smtp: FakeSmtpServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (!existsSync(entry('main'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
    database = await createTestDatabase();
    await seedStaff(database.url);
    twilio = await new FakeTwilioServer().start();
    smtp = await new FakeSmtpServer().start();
    env = {
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: testTemporalAddress(),
      TEMPORAL_TASK_QUEUE: `atelier-process-test-${process.pid}`,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_QUEUE_PREFIX: `atelier-process-test-${process.pid}`,
      TWILIO_ACCOUNT_SID: TEST_TWILIO.accountSid,
      TWILIO_AUTH_TOKEN: TEST_TWILIO.authToken,
      TWILIO_FROM_NUMBER: TEST_TWILIO.fromNumber,
      TWILIO_API_BASE_URL: twilio.baseUrl,
      SMTP_URL: smtp.url,
      EMAIL_FROM: TEST_EMAIL_FROM,
      PORT: String(await freePort()),
    };
  });

  afterAll(async () => {
    await twilio?.stop();
    await smtp?.stop();
    await database?.drop();
  });

  it.each(['main', 'worker'] as const)('%s refuses to start on bad configuration with one line naming each variable', async (name) => {
    const { exited } = launch(name, { ...env, DATABASE_URL: '', TWILIO_FROM_NUMBER: '555-0100' });

    const { code, stderr } = await exited;

    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'Configuration error: DATABASE_URL is missing; TWILIO_FROM_NUMBER must be an E.164 phone number such as +15551234567',
    ]);
  });

  it('the worker names the unreachable Temporal address in one line and exits 1', async () => {
    const { exited } = launch('worker', { ...env, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });

    const { code, stderr } = await exited;

    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^The Atelier worker could not start: cannot reach Temporal at 127\.0\.0\.1:\d+ \(TEMPORAL_ADDRESS\)/);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('the API stays up without Temporal, refuses a take-in with 503 and keeps nothing of it', async () => {
    const port = String(await freePort());
    const api = launch('main', { ...env, PORT: port, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    const request = (path: string, body: unknown) =>
      fetch(`http://127.0.0.1:${port}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${STAFF.counter.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    try {
      await eventually(() => fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status, () => 0), (status) => status === 200, 30_000);
      const customer = (await (await request('/customers', aCustomer())).json()) as { id: string };

      const refused = await request('/repairs', aTakeIn(customer.id));

      expect(refused.status).toBe(503);
      expect(((await refused.json()) as { code: string }).code).toBe('WORKFLOW_UNAVAILABLE');
      expect(await sql(database.url, 'select id from jobs where customer_id = $1', [customer.id])).toEqual([]);
    } finally {
      api.child.kill('SIGTERM');
      await api.exited;
    }
  });

  it('the API serves until SIGTERM, then closes its connections and exits 0', async () => {
    const api = launch('main', env);
    try {
      const health = () => fetch(`http://127.0.0.1:${env.PORT}/health`).then((r) => r.status, () => 0);
      await eventually(health, (status) => status === 200, 30_000).catch((error: Error) => {
        throw new Error(`${error.message}\nAPI output:\n${api.output()}`);
      });

      api.child.kill('SIGTERM');

      const { code, signal } = await api.exited;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(api.output()).toContain('SIGTERM received: stopping');
    } finally {
      api.child.kill('SIGKILL');
    }
  });

  it('the worker polls until SIGINT, then drains and exits 0', async () => {
    const worker = launch('worker', env);
    try {
      await eventually(worker.output, (output) => output.includes('Worker polling task queue'), 30_000);

      worker.child.kill('SIGINT');

      const { code, signal } = await worker.exited;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
    } finally {
      worker.child.kill('SIGKILL');
    }
  });

  it('leaves no secret and no personal data in the logs of a full run (sign-in to a text sent)', async () => {
    const port = String(await freePort());
    const runEnv = { ...env, PORT: port, TEMPORAL_TASK_QUEUE: `atelier-logs-test-${process.pid}`, REDIS_QUEUE_PREFIX: `atelier-logs-test-${process.pid}` };
    const worker = launch('worker', runEnv);
    const api = launch('main', runEnv);
    const url = (path: string) => `http://127.0.0.1:${port}${path}`;
    /** Every secret and personal detail of the run, with what it is. */
    const mustNotLog: [value: string, what: string][] = [
      [STAFF_PASSWORD, 'a password'],
      [TEST_TWILIO.authToken, 'the Twilio auth token'],
    ];
    const send = async (method: string, path: string, body?: unknown, token?: string) => {
      const response = await fetch(url(path), {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.text().then((text) => (text ? JSON.parse(text) : undefined))) as any };
    };
    try {
      await eventually(worker.output, (output) => output.includes('Worker polling task queue'), 30_000);
      await eventually(() => fetch(url('/health')).then((r) => r.status, () => 0), (status) => status === 200, 30_000);

      const wrongPassword = 'a wrong guess at the password';
      expect((await send('POST', '/auth/login', { email: staffEmailOf(STAFF.owner), password: wrongPassword })).status).toBe(401);
      const session = (await send('POST', '/auth/login', { email: staffEmailOf(STAFF.owner), password: STAFF_PASSWORD })).body;
      const renewed = (await send('POST', '/auth/refresh', { refreshToken: session.refreshToken })).body;
      const key = (await send('POST', '/api-keys', { name: 'Logs test', role: 'associate', storeIds: ['00000000-0000-4000-8000-000000000001'] }, renewed.accessToken)).body;
      await send('POST', '/auth/password-reset', { email: staffEmailOf(STAFF.counter) });
      const resetToken = /#token=(\S+)/.exec((await send('GET', '/staff/emails', undefined, renewed.accessToken)).body[0].body)![1];
      const person = aCustomer({ firstName: 'Philippa', lastName: 'Quennell-Ashdown', email: 'philippa.quennell@example.org' });
      const phone = person.phone as string;
      mustNotLog.push(
        [wrongPassword, 'a wrong password'],
        [session.accessToken, 'an access token'],
        [session.refreshToken, 'a refresh token'],
        [renewed.accessToken, 'an access token'],
        [key.secret, 'an API key'],
        [resetToken, 'a password reset token'],
        [person.lastName as string, "a customer's name"],
        [person.email as string, "a customer's email"],
        [phone, "a customer's phone number"],
        [phone.slice(2), "a customer's phone number"],
      );
      const customer = (await send('POST', '/customers', person, key.secret)).body;
      const taken = await send('POST', '/repairs', aTakeIn(customer.id), key.secret);
      expect(taken.status).toBe(201);
      await send('POST', `/repairs/${taken.body.jobs[0].id}/cancel`, { reason: 'Customer changed their mind' }, renewed.accessToken);
      await eventually(() => twilio.sentTo(phone).length, (count) => count >= 1, 30_000);
      mustNotLog.push(...twilio.sentTo(phone).map((sms): [string, string] => [sms.body, 'the text of an SMS']));
    } finally {
      api.child.kill('SIGTERM');
      worker.child.kill('SIGTERM');
      await Promise.all([api.exited, worker.exited]);
    }

    const logs = api.output() + worker.output();
    // The run did log (start, polling, the stop), so an empty log cannot pass this test.
    expect(logs).toContain('Worker polling task queue');
    expect(mustNotLog.filter(([value]) => logs.includes(value)).map(([, what]) => what)).toEqual([]);
  });
});
