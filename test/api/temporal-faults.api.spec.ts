import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Client, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { apiHttpAdapter, configureApiApp } from '../../src/api.js';
import { AppModule } from '../../src/app.module.js';
import type { JobRefusal } from '../../workflows/shared/job-refusals.js';
import { aCustomer, aPiece, aTakeIn } from '../support/builders.js';
import { request } from '../support/http.js';
import { ScriptedTemporal } from '../support/scripted-temporal.js';
import { sql } from '../support/sql.js';
import { seedStaff } from '../support/staff-seed.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { STAFF, testConfig } from '../support/test-config.js';

type Staff = keyof typeof STAFF;

/**
 * The fast tier: the real API on a real database, with Temporal replaced by a script, for the
 * answers the real server does not give on cue (an Update that times out, a finished workflow, a
 * refusal of each kind, a start that fails half-way through a ticket, a query nobody answers).
 */
describe('the API when Temporal misbehaves (scripted Temporal client, real Postgres)', () => {
  const temporal = new ScriptedTemporal();
  let database: TestDatabase;
  let api: NestFastifyApplication;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedStaff(database.url);
    // No Twilio in this tier: nothing here sends a text (no worker runs).
    const config = testConfig({ databaseUrl: database.url, twilioBaseUrl: 'http://127.0.0.1:9', smtpUrl: 'smtp://127.0.0.1:9' });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
      .overrideProvider(Client)
      .useValue(temporal.asClient())
      .setLogger({ log() {}, warn() {}, error() {}, debug() {}, verbose() {}, fatal() {} })
      .compile();
    api = configureApiApp(moduleRef.createNestApplication<NestFastifyApplication>(apiHttpAdapter(), { logger: false }));
    await api.init();
    await api.getHttpAdapter().getInstance().ready();
  });

  beforeEach(() => temporal.reset());

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  const call = (method: 'GET' | 'POST', url: string, body?: unknown, as: Staff = 'counter', headers: Record<string, string> = {}) =>
    request(api, method, url, { token: STAFF[as].token, body, headers });

  async function aRepair(): Promise<{ id: string; workflowId: string }> {
    const customer = await call('POST', '/customers', aCustomer());
    expect(customer.status).toBe(201);
    const taken = await call('POST', '/repairs', aTakeIn(customer.body.id));
    expect(taken.status).toBe(201);
    const [start] = temporal.callsOf('start');
    temporal.reset();
    return { id: taken.body.jobs[0].id, workflowId: start.workflowId };
  }

  const rowsOf = async (repairId: string) => ({
    job: (await sql<{ stage: string; stage_sequence: number; assignee_id: string | null }>(database.url, 'select stage, stage_sequence, assignee_id from jobs where id = $1', [repairId]))[0],
    events: Number((await sql<{ n: string }>(database.url, 'select count(*) as n from job_events where job_id = $1', [repairId]))[0].n),
  });

  const refusal = (code: JobRefusal['code'], rule: string, details: Record<string, unknown>) =>
    new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: code, message: `refused: ${rule}`, details: [{ code, rule, message: `refused: ${rule}`, details }], nonRetryable: true }));

  it('starts one workflow per piece of a ticket, with its search attributes, and answers from the rows it wrote', async () => {
    const customer = await call('POST', '/customers', aCustomer());
    const taken = await call('POST', '/repairs', aTakeIn(customer.body.id, { items: [aPiece(), aPiece({ itemDescription: 'Pearl strand, restring' })] }));

    expect(taken.status).toBe(201);
    const starts = temporal.callsOf('start');
    expect(starts.map((start) => start.name)).toEqual(['repairJobWorkflow', 'repairJobWorkflow']);
    expect(starts.map((start) => (start.args?.[0] as { takeIn: { jobId: string } }).takeIn.jobId)).toEqual(taken.body.jobs.map((job: { id: string }) => job.id));
    expect(taken.body.jobs.map((job: { stage: string }) => job.stage)).toEqual(['received', 'received']);
  });

  it('undoes a take-in whose second workflow cannot start: 503, the first workflow terminated, no row left', async () => {
    const customer = await call('POST', '/customers', aCustomer());
    const jobsBefore = await sql(database.url, 'select id from jobs');
    let starts = 0;
    temporal.onStart = () => {
      starts += 1;
      if (starts === 2) throw new Error('connect ECONNREFUSED 127.0.0.1:7233');
    };

    const taken = await call('POST', '/repairs', aTakeIn(customer.body.id, { items: [aPiece(), aPiece()] }));

    expect(taken.status).toBe(503);
    expect(taken.body.code).toBe('WORKFLOW_UNAVAILABLE');
    const [first] = temporal.callsOf('start');
    expect(temporal.callsOf('terminate').map((terminate) => terminate.workflowId)).toContain(first.workflowId);
    expect(await sql(database.url, 'select id from jobs')).toEqual(jobsBefore);
    expect(await sql(database.url, 'select job_id from job_items where job_id not in (select id from jobs)')).toEqual([]);
    expect(await sql(database.url, 'select job_id from repair_jobs where job_id not in (select id from jobs)')).toEqual([]);
  });

  it('reads a repair from its projection when the workflow does not answer: live false, no actions offered', async () => {
    const repair = await aRepair();
    temporal.onQuery = () => {
      throw new Error('deadline exceeded');
    };

    const read = await call('GET', `/repairs/${repair.id}`);

    expect(read.status).toBe(200);
    expect(temporal.callsOf('query')).toHaveLength(1);
    expect(read.body).toMatchObject({ id: repair.id, stage: 'received', live: false, allowedActions: [], estimate: null, approvals: [] });
    expect(read.body.items).toHaveLength(1);
  });

  it('answers 503 ACTION_UNCONFIRMED when the Update is not confirmed in time, and writes nothing itself', async () => {
    const repair = await aRepair();
    const before = await rowsOf(repair.id);
    temporal.onUpdate = () => {
      throw new WorkflowUpdateRPCTimeoutOrCancelledError('Timed out waiting for the Update');
    };

    const answer = await call('POST', `/repairs/${repair.id}/assign`, { jewelerId: STAFF.carl.id }, 'counter', { 'idempotency-key': 'assign-once' });

    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ statusCode: 503, code: 'ACTION_UNCONFIRMED' });
    expect(answer.body.message).toMatch(/same Idempotency-Key/);
    // The retry must reach the same Update: its id comes from the key.
    expect(temporal.callsOf('update')).toEqual([
      expect.objectContaining({ workflowId: repair.workflowId, name: 'assignBench', updateId: 'assignBench:assign-once', args: [expect.objectContaining({ jeweler: { id: STAFF.carl.id, name: STAFF.carl.name } })] }),
    ]);
    expect(await rowsOf(repair.id)).toEqual(before);
  });

  it('answers 409 JOB_CLOSED for an action on a finished workflow, and 503 when Temporal cannot say', async () => {
    const repair = await aRepair();
    temporal.onUpdate = ({ workflowId }) => {
      throw new WorkflowNotFoundError('workflow not found', workflowId, undefined);
    };
    temporal.onDescribe = () => ({ status: { name: 'COMPLETED' } });

    const closed = await call('POST', `/repairs/${repair.id}/cancel`, { reason: 'Customer changed their mind' });

    expect(closed.status).toBe(409);
    expect(closed.body).toMatchObject({ code: 'JOB_CLOSED', allowedActions: [] });

    temporal.onDescribe = () => {
      throw new Error('14 UNAVAILABLE: connection refused');
    };
    const unknown = await call('POST', `/repairs/${repair.id}/cancel`, { reason: 'Customer changed their mind' });

    expect(unknown.status).toBe(503);
    expect(unknown.body.code).toBe('WORKFLOW_UNAVAILABLE');
  });

  it.each([
    ['STAGE_TRANSITION_NOT_ALLOWED', 'STAGE_TRANSITION_NOT_ALLOWED', 409, { stage: 'received', allowedActions: ['estimate', 'cancel'] }],
    ['ROLE_NOT_ALLOWED', 'ROLE_NOT_ALLOWED', 403, { role: 'associate', allowedRoles: ['manager', 'owner'] }],
    ['RULE_VIOLATION', 'QC_BY_WORKER', 409, { workedBy: STAFF.carl.id }],
    ['INVALID_REQUEST', 'UNKNOWN_APPROVAL', 400, { field: 'approvalId' }],
  ] as const)('maps the workflow refusal %s (%s) to %i with its details', async (code, rule, status, details) => {
    const repair = await aRepair();
    const before = await rowsOf(repair.id);
    temporal.onUpdate = () => {
      throw refusal(code, rule, details);
    };

    const answer = await call('POST', `/repairs/${repair.id}/work-finished`, {});

    expect(answer.status).toBe(status);
    // A 400 names its field in `errors`, as the validation of a body does.
    const errors = status === 400 ? { errors: [{ field: 'approvalId', problems: [`refused: ${rule}`] }] } : {};
    expect(answer.body).toEqual({ statusCode: status, code: rule, message: `refused: ${rule}`, ...details, ...errors });
    expect(await rowsOf(repair.id)).toEqual(before);
  });

  it('answers 503 WORKFLOW_UNAVAILABLE for any other failure of the Update, without its text', async () => {
    const repair = await aRepair();
    temporal.onUpdate = () => {
      throw new Error('13 INTERNAL: something inside the server at 10.0.0.7');
    };

    const answer = await call('POST', `/repairs/${repair.id}/work-finished`, {});

    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe('WORKFLOW_UNAVAILABLE');
    expect(JSON.stringify(answer.body)).not.toContain('10.0.0.7');
  });

  it('refuses bad input and unknown records before Temporal hears of it', async () => {
    const repair = await aRepair();

    const refused = [
      await call('POST', `/repairs/${repair.id}/assign`, { jewelerId: 'carl' }),
      await call('POST', `/repairs/${repair.id}/assign`, { jewelerId: '00000000-0000-4000-8000-00000000dead' }),
      await call('POST', `/repairs/${repair.id}/cancel`, { reason: '' }),
      await call('POST', `/repairs/${repair.id}/estimate`, { lines: [{ kind: 'labour', description: 'Sizing', quantity: 1, unitMinor: 12.5 }] }),
      await call('POST', `/repairs/00000000-0000-4000-8000-00000000abcd/work-finished`, {}),
      await call('POST', `/repairs/${repair.id}/work-finished`, '{"note": '),
    ];

    expect(refused.map((answer) => [answer.status, answer.body.code])).toEqual([
      [400, 'VALIDATION_FAILED'],
      [404, 'STAFF_NOT_FOUND'],
      [400, 'VALIDATION_FAILED'],
      [400, 'VALIDATION_FAILED'],
      [404, 'REPAIR_NOT_FOUND'],
      [400, 'MALFORMED_JSON'],
    ]);
    expect(temporal.calls).toEqual([]);
  });
});
