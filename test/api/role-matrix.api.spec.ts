import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { aCustomer, aSmallJob } from '../support/builders.js';
import { type HttpMethod, request } from '../support/http.js';
import { sql } from '../support/sql.js';
import { STAFF, STAFF_PASSWORD, staffEmailOf } from '../support/test-config.js';

const MAIN_STORE = '00000000-0000-4000-8000-000000000001';
const ROLES = ['associate', 'bench_jeweler', 'manager', 'owner'] as const;
const MEMBER_OF_ROLE = { associate: STAFF.counter, bench_jeweler: STAFF.carl, manager: STAFF.manager, owner: STAFF.owner };
const MATRIX_FILE = new URL('../../docs/role-matrix.md', import.meta.url);

interface Operation {
  method: HttpMethod;
  path: string;
  hasBody: boolean;
}

/**
 * Walks every route of the OpenAPI document as every role, as a manager of another store, and
 * with no, expired, ended and revoked credentials, and writes what the server did as the matrix
 * in docs/role-matrix.md: the committed matrix must be exactly what the server enforces
 * (`UPDATE_ROLE_MATRIX=1` rewrites it after a deliberate change).
 */
describe('the role matrix (every route x role x store, generated from the OpenAPI document)', () => {
  let stack: AtelierStack;
  let operations: Operation[];
  const signedIn: Partial<Record<(typeof ROLES)[number], string>> = {};
  /** Real records of the main store, by path parameter name, for the other-store column. */
  const mainStoreRecords: Record<string, string> = {};
  let otherStoreManager: string;

  const call = (method: HttpMethod, path: string, token: string | undefined, body?: unknown) => request(stack.api, method, path, { token, body });

  async function signIn(email: string, password: string): Promise<string> {
    const answer = await call('POST', '/auth/login', undefined, { email, password });
    expect(answer.status).toBe(200);
    return answer.body.accessToken;
  }

  beforeAll(async () => {
    stack = await startAtelierStack();
    const spec = (await call('GET', '/docs-json', undefined)).body as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    operations = Object.entries(spec.paths)
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase() as HttpMethod, path, hasBody: Boolean(operation.requestBody) })))
      .sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
    for (const role of ROLES) signedIn[role] = await signIn(staffEmailOf(MEMBER_OF_ROLE[role]), STAFF_PASSWORD);

    // Another store with its own manager, and records of the main store to reach for.
    const uptown = await call('POST', '/stores', STAFF.owner.token, { code: 'UPT', name: 'Uptown', timeZone: 'America/Chicago', currency: 'USD' });
    const manager = await call('POST', '/staff', STAFF.owner.token, { email: 'uptown.manager@atelier.test', name: 'Uma', role: 'manager', storeIds: [uptown.body.id] });
    const setup = new URL(manager.body.passwordSetupLink).hash.replace('#token=', '');
    await call('POST', '/auth/password-reset/confirm', undefined, { token: setup, newPassword: 'uptown manager passphrase' });
    otherStoreManager = await signIn('uptown.manager@atelier.test', 'uptown manager passphrase');
    const customer = (await call('POST', '/customers', STAFF.counter.token, aCustomer())).body;
    const repair = (await call('POST', '/repairs', STAFF.counter.token, aSmallJob(customer.id))).body.jobs[0];
    const alertId = randomUUID();
    const pieceId = (await call('POST', '/pieces', STAFF.owner.token, { sku: 'MATRIX-1', description: 'Silver chain', category: 'chain', currency: 'USD' })).body.id;
    const photoId = (await request(stack.api, 'POST', `/pieces/${pieceId}/photos`, { token: STAFF.owner.token, body: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1]), headers: { 'content-type': 'image/jpeg' } })).body.id;
    const occasionId = (await call('POST', `/customers/${customer.id}/occasions`, STAFF.counter.token, { kind: 'birthday', date: '--03-01' })).body.id;
    await sql(stack.database.url, `insert into manager_alerts (id, store_id, job_id, kind, message, dedupe_key, created_at) values ($1, $2, $3, 'overdue', 'Overdue', $4, now())`, [alertId, MAIN_STORE, repair.id, `test:${alertId}`]);
    Object.assign(mainStoreRecords, { repairId: repair.id, jobId: repair.id, alertId, storeId: MAIN_STORE, staffId: STAFF.counter.id, customerId: customer.id, occasionId, pieceId, photoId, token: new URL(repair.trackingUrl).pathname.split('/').pop()! });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const withIds = (path: string, ids: Record<string, string>) => path.replace(/\{(\w+)\}/g, (_match, name: string) => ids[name] ?? randomUUID());

  /** What a caller gets: allowed (any answer past the guard), refused for the role, or not found in their stores. */
  async function outcome(operation: Operation, token: string | undefined, ids: Record<string, string> = {}): Promise<string> {
    const answer = await call(operation.method, withIds(operation.path, ids), token, operation.hasBody ? {} : undefined);
    if (answer.status === 401) return 'signed out';
    if (answer.status === 403 && answer.body.code === 'ROLE_NOT_ALLOWED') return '—';
    if (answer.status === 404 && Object.keys(ids).length > 0 && /_NOT_FOUND$/.test(answer.body.code)) return '404';
    if (answer.status >= 500) throw new Error(`${operation.method} ${operation.path} answered ${answer.status}`);
    return 'yes';
  }

  const isPublic = async (operation: Operation) => (await outcome(operation, undefined)) !== 'signed out';

  it('refuses every staff route without a live credential: none, malformed, expired, ended by logout, revoked key', async () => {
    const ended = await signIn(staffEmailOf(STAFF.counter), STAFF_PASSWORD);
    expect((await call('POST', '/auth/logout', ended)).status).toBe(204);
    const expired = 'atl_at_expired-token-of-ana-0123456789';
    await sql(stack.database.url, `insert into session_tokens (digest, session_id, kind, expires_at) select $1, id, 'access', now() - interval '1 second' from staff_sessions where staff_id = $2 limit 1`, [
      createHash('sha256').update(expired).digest('hex'),
      STAFF.counter.id,
    ]);
    const key = (await call('POST', '/api-keys', STAFF.owner.token, { name: 'Revoked', role: 'owner', storeIds: [] })).body;
    await call('DELETE', `/api-keys/${key.key.id}`, STAFF.owner.token);
    const credentials = { none: undefined, malformed: 'not-a-token', expired, 'ended by logout': ended, 'revoked API key': key.secret };

    const failures: string[] = [];
    let staffRoutes = 0;
    for (const operation of operations) {
      if (await isPublic(operation)) continue;
      staffRoutes += 1;
      for (const [label, token] of Object.entries(credentials)) {
        const answer = await call(operation.method, withIds(operation.path, {}), token, operation.hasBody ? {} : undefined);
        if (answer.status !== 401 || answer.body.code !== 'AUTHENTICATION_REQUIRED') failures.push(`${operation.method} ${operation.path} with ${label}: ${answer.status} ${answer.body?.code}`);
      }
    }
    expect(failures).toEqual([]);
    expect(staffRoutes).toBeGreaterThan(30);
  });

  it('matches docs/role-matrix.md: each route by role, and for a manager of another store', async () => {
    const rows: string[] = [];
    for (const operation of operations) {
      const route = `\`${operation.method} ${operation.path}\``;
      if (await isPublic(operation)) {
        rows.push(`| ${route} | public | public | public | public | public |`);
        continue;
      }
      const cells: string[] = [];
      for (const role of ROLES) {
        cells.push(await outcome(operation, signedIn[role]));
        // Logging out ends the sign-in the walk uses: sign in again for the next routes.
        if (operation.path === '/auth/logout') signedIn[role] = await signIn(staffEmailOf(MEMBER_OF_ROLE[role]), STAFF_PASSWORD);
      }
      const namesRecord = /\{\w+\}/.test(operation.path) && operation.path !== '/auth/logout';
      const otherStore = namesRecord ? await outcome(operation, otherStoreManager, mainStoreRecords) : 'n/a';
      if (operation.path === '/auth/logout') otherStoreManager = await signIn('uptown.manager@atelier.test', 'uptown manager passphrase');
      rows.push(`| ${route} | ${cells.join(' | ')} | ${otherStore} |`);
    }
    const matrix = `${readFileSync(MATRIX_FILE, 'utf8').split('<!-- matrix -->')[0]}<!-- matrix -->\n\n| Route | associate | bench_jeweler | manager | owner | manager of another store, on this store's record |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n`;
    if (process.env.UPDATE_ROLE_MATRIX) writeFileSync(MATRIX_FILE, matrix);
    expect(matrix).toEqual(readFileSync(MATRIX_FILE, 'utf8'));
  });
});
