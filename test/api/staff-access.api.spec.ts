import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { aCustomer, aSmallJob } from '../support/builders.js';
import { type HttpMethod, request } from '../support/http.js';
import { sql } from '../support/sql.js';
import { STAFF, STAFF_PASSWORD, staffEmailOf } from '../support/test-config.js';

const MAIN_STORE = '00000000-0000-4000-8000-000000000001';

describe('staff sign-in, sessions, API keys, staff accounts and the audit trail (real Postgres, Redis, Temporal)', () => {
  let stack: AtelierStack;

  beforeAll(async () => {
    stack = await startAtelierStack({ env: { LOGIN_FAILURES_PER_ACCOUNT: '3', LOGIN_FAILURES_PER_ADDRESS: '6' } });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const call = (method: HttpMethod, url: string, token?: string, body?: unknown, remoteAddress?: string) => request(stack.api, method, url, { token, body, remoteAddress });
  const login = (email: string, password: string, remoteAddress?: string) => call('POST', '/auth/login', undefined, { email, password }, remoteAddress);

  /** A new account made by the owner, its password set through the link it was given. */
  async function aNewStaffMember(role: string, storeIds: string[], by = STAFF.owner.token) {
    const email = `${role}-${Math.random().toString(36).slice(2, 10)}@atelier.test`;
    const added = await call('POST', '/staff', by, { email, name: `New ${role}`, role, storeIds });
    expect(added.status).toBe(201);
    const token = new URL(added.body.passwordSetupLink).hash.replace('#token=', '');
    expect((await call('POST', '/auth/password-reset/confirm', undefined, { token, newPassword: 'a brand new passphrase' })).status).toBe(204);
    const signedIn = await login(email, 'a brand new passphrase');
    expect(signedIn.status).toBe(200);
    return { id: added.body.account.id as string, email, accessToken: signedIn.body.accessToken as string, refreshToken: signedIn.body.refreshToken as string };
  }

  it('signs in with email and password; a wrong password and an unknown email get the same answer', async () => {
    const signedIn = await login(staffEmailOf(STAFF.manager).toUpperCase(), STAFF_PASSWORD, '10.0.0.1');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ accessToken: expect.stringMatching(/^atl_at_/), refreshToken: expect.stringMatching(/^atl_rt_/), staff: { id: STAFF.manager.id, role: 'manager', storeIds: [MAIN_STORE] } });
    expect(signedIn.body.staff).not.toHaveProperty('passwordHash');
    const ttl = Date.parse(signedIn.body.accessTokenExpiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
    expect((await call('GET', '/auth/me', signedIn.body.accessToken)).body).toEqual({ id: STAFF.manager.id, name: 'ben', role: 'manager', stores: [MAIN_STORE] });

    const wrongPassword = await login(staffEmailOf(STAFF.manager), 'not the password', '10.0.0.1');
    const unknownEmail = await login('nobody@atelier.test', STAFF_PASSWORD, '10.0.0.1');
    expect([wrongPassword.status, wrongPassword.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    // Only digests are stored: the token itself is nowhere in the database.
    expect(await sql(stack.database.url, 'select 1 from session_tokens where digest = $1', [signedIn.body.accessToken])).toEqual([]);
  });

  it('rotates the refresh token at each use; a refresh token used twice ends the whole session', async () => {
    const first = (await login(staffEmailOf(STAFF.carl), STAFF_PASSWORD, '10.0.0.2')).body;
    const second = await call('POST', '/auth/refresh', undefined, { refreshToken: first.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await call('GET', '/auth/me', second.body.accessToken)).status).toBe(200);

    const replayed = await call('POST', '/auth/refresh', undefined, { refreshToken: first.refreshToken });
    expect([replayed.status, replayed.body.code]).toEqual([401, 'REFRESH_TOKEN_REUSED']);
    // Whoever copied the token and whoever holds the newer one are both signed out.
    expect((await call('GET', '/auth/me', second.body.accessToken)).status).toBe(401);
    expect((await call('POST', '/auth/refresh', undefined, { refreshToken: second.body.refreshToken })).body.code).toBe('INVALID_REFRESH_TOKEN');
    expect((await call('POST', '/auth/refresh', undefined, { refreshToken: 'atl_rt_made-up' })).body.code).toBe('INVALID_REFRESH_TOKEN');
  });

  it('logs out: the access and refresh tokens of that sign-in stop working, other sign-ins go on', async () => {
    const phone = (await login(staffEmailOf(STAFF.dina), STAFF_PASSWORD, '10.0.0.3')).body;
    const bench = (await login(staffEmailOf(STAFF.dina), STAFF_PASSWORD, '10.0.0.3')).body;

    expect((await call('POST', '/auth/logout', phone.accessToken)).status).toBe(204);

    expect((await call('GET', '/auth/me', phone.accessToken)).body.code).toBe('AUTHENTICATION_REQUIRED');
    expect((await call('POST', '/auth/refresh', undefined, { refreshToken: phone.refreshToken })).status).toBe(401);
    expect((await call('GET', '/auth/me', bench.accessToken)).status).toBe(200);
  });

  it('refuses sign-ins after the failure limit per account, even with the right password, and per address', async () => {
    const member = await aNewStaffMember('associate', [MAIN_STORE]);
    for (let attempt = 1; attempt <= 3; attempt += 1) expect((await login(member.email, `wrong ${attempt}`, '10.1.0.1')).status).toBe(401);

    const limited = await login(member.email, 'a brand new passphrase', '10.1.0.2');
    expect([limited.status, limited.body.code]).toEqual([429, 'TOO_MANY_LOGIN_ATTEMPTS']);
    expect(limited.body.retryAfterSeconds).toBeGreaterThan(0);

    // One address trying many accounts is stopped too.
    for (let attempt = 1; attempt <= 6; attempt += 1) await login(`guess-${attempt}@atelier.test`, 'guess', '10.1.0.9');
    expect((await login(staffEmailOf(STAFF.owner), STAFF_PASSWORD, '10.1.0.9')).status).toBe(429);
    expect((await login(staffEmailOf(STAFF.owner), STAFF_PASSWORD, '10.1.0.10')).status).toBe(200);
  });

  it('changes a password: the current one is checked, the other sign-ins end, the new one signs in', async () => {
    const member = await aNewStaffMember('bench_jeweler', [MAIN_STORE]);
    const other = (await login(member.email, 'a brand new passphrase', '10.2.0.1')).body;

    const wrongCurrent = await call('POST', '/auth/password', member.accessToken, { currentPassword: 'nope', newPassword: 'another long passphrase' });
    expect([wrongCurrent.status, wrongCurrent.body.code]).toEqual([403, 'CURRENT_PASSWORD_WRONG']);
    const tooShort = await call('POST', '/auth/password', member.accessToken, { currentPassword: 'a brand new passphrase', newPassword: 'short' });
    expect([tooShort.status, tooShort.body.code]).toEqual([400, 'VALIDATION_FAILED']);

    expect((await call('POST', '/auth/password', member.accessToken, { currentPassword: 'a brand new passphrase', newPassword: 'another long passphrase' })).status).toBe(204);

    expect((await call('GET', '/auth/me', member.accessToken)).status).toBe(200);
    expect((await call('GET', '/auth/me', other.accessToken)).status).toBe(401);
    expect((await login(member.email, 'a brand new passphrase', '10.2.0.2')).status).toBe(401);
    expect((await login(member.email, 'another long passphrase', '10.2.0.2')).status).toBe(200);
  });

  it('resets a forgotten password by a one-time link, recorded as a staff email for an owner to read', async () => {
    const member = await aNewStaffMember('associate', [MAIN_STORE]);
    const asked = await call('POST', '/auth/password-reset', undefined, { email: member.email });
    const askedForNobody = await call('POST', '/auth/password-reset', undefined, { email: 'nobody@atelier.test' });
    expect([asked.status, askedForNobody.status]).toEqual([202, 202]);

    const emails = await call('GET', '/staff/emails', STAFF.owner.token);
    const email = emails.body.find((candidate: { to: string; subject: string }) => candidate.to === member.email && candidate.subject === 'Reset your Atelier password');
    const token = /#token=(atl_pr_[\w-]+)/.exec(email.body)?.[1];
    expect(token).toBeDefined();
    expect((await call('GET', '/staff/emails', STAFF.manager.token)).status).toBe(403);

    expect((await call('POST', '/auth/password-reset/confirm', undefined, { token, newPassword: 'reset to this passphrase' })).status).toBe(204);
    const again = await call('POST', '/auth/password-reset/confirm', undefined, { token, newPassword: 'and then to this one' });
    expect([again.status, again.body.code]).toEqual([422, 'INVALID_RESET_TOKEN']);
    expect((await call('GET', '/auth/me', member.accessToken)).status).toBe(401);
    expect((await login(member.email, 'reset to this passphrase', '10.3.0.1')).status).toBe(200);
  });

  it('API keys: made by an owner, shown once, stored as a digest, act in their role, stop when revoked', async () => {
    const made = await call('POST', '/api-keys', STAFF.owner.token, { name: 'Website booking form', role: 'associate', storeIds: [MAIN_STORE] });
    expect(made.status).toBe(201);
    expect(made.body.secret).toMatch(/^atl_key_/);
    expect(made.body.key).toMatchObject({ name: 'Website booking form', role: 'associate', prefix: made.body.secret.slice(0, 16), revokedAt: null });
    expect((await call('GET', '/api-keys', STAFF.owner.token)).body.find((key: { id: string }) => key.id === made.body.key.id)).not.toHaveProperty('secret');
    expect(await sql(stack.database.url, 'select 1 from api_keys where digest = $1', [made.body.secret])).toEqual([]);

    const customer = await call('POST', '/customers', made.body.secret, aCustomer());
    expect(customer.status).toBe(201);
    expect((await call('GET', '/auth/me', made.body.secret)).body).toEqual({ id: `api-key:${made.body.key.id}`, name: 'Website booking form', role: 'associate', stores: [MAIN_STORE] });
    expect((await call('PUT', `/stores/${MAIN_STORE}/policy`, made.body.secret, { repairAutoApproveMinor: 1 })).body.code).toBe('ROLE_NOT_ALLOWED');
    expect((await call('POST', '/auth/logout', made.body.secret)).body.code).toBe('NOT_A_SESSION');
    expect((await call('POST', '/api-keys', STAFF.manager.token, { name: 'x', role: 'owner', storeIds: [] })).status).toBe(403);

    expect((await call('DELETE', `/api-keys/${made.body.key.id}`, STAFF.owner.token)).body.revokedAt).toEqual(expect.any(String));
    expect((await call('GET', '/auth/me', made.body.secret)).status).toBe(401);
  });

  it('a manager adds and changes the people they run, never a peer or an owner; less access ends sign-ins at once', async () => {
    const refused = await call('POST', '/staff', STAFF.manager.token, { email: 'peer@atelier.test', name: 'Peer', role: 'manager', storeIds: [MAIN_STORE] });
    expect([refused.status, refused.body.code]).toEqual([403, 'ROLE_NOT_GRANTABLE']);
    const duplicate = await call('POST', '/staff', STAFF.owner.token, { email: staffEmailOf(STAFF.carl), name: 'Carl again', role: 'bench_jeweler', storeIds: [MAIN_STORE] });
    expect([duplicate.status, duplicate.body.code]).toEqual([409, 'STAFF_EMAIL_TAKEN']);
    expect((await call('PATCH', `/staff/${STAFF.owner.id}`, STAFF.manager.token, { name: 'Renamed' })).body.code).toBe('STAFF_NOT_MANAGEABLE');
    expect((await call('PATCH', `/staff/${STAFF.owner.id}`, STAFF.owner.token, { role: 'manager' })).body.code).toBe('CANNOT_CHANGE_OWN_ACCESS');

    const member = await aNewStaffMember('associate', [MAIN_STORE], STAFF.manager.token);
    const promoted = await call('PATCH', `/staff/${member.id}`, STAFF.manager.token, { role: 'bench_jeweler' });
    expect(promoted.body).toMatchObject({ role: 'bench_jeweler' });
    expect((await call('GET', '/auth/me', member.accessToken)).status).toBe(401);

    const audit = await call('GET', `/audit?recordType=staff_account&recordId=${member.id}`, STAFF.owner.token);
    expect(audit.body.entries.map((entry: { action: string }) => entry.action)).toEqual(['update', 'password_reset', 'create']);
    expect(audit.body.entries[0]).toMatchObject({ actor: { kind: 'staff', id: STAFF.manager.id, name: 'ben' }, changes: { role: { before: 'associate', after: 'bench_jeweler' } } });
    expect(audit.body.entries[2].changes).toMatchObject({ role: { after: 'associate' }, storeIds: { after: [MAIN_STORE] } });
  });

  it("keeps each store's jobs to its own staff: another store's repair answers 404 and is left out of lists", async () => {
    const uptown = await call('POST', '/stores', STAFF.owner.token, { code: 'UP', name: 'Uptown', timeZone: 'America/Chicago', currency: 'USD' });
    expect(uptown.status).toBe(201);
    const uptownManager = await aNewStaffMember('manager', [uptown.body.id]);
    const customer = (await call('POST', '/customers', STAFF.counter.token, aCustomer())).body;
    const mainRepair = (await call('POST', '/repairs', STAFF.counter.token, aSmallJob(customer.id))).body.jobs[0];

    for (const url of [`/repairs/${mainRepair.id}`, `/repairs/${mainRepair.id}/history`, `/jobs/${mainRepair.id}/timeline`]) {
      expect((await call('GET', url, uptownManager.accessToken)).status).toBe(404);
      expect((await call('GET', url, STAFF.counter.token)).status).toBe(200);
      expect((await call('GET', url, STAFF.owner.token)).status).toBe(200);
    }
    const cancel = await call('POST', `/repairs/${mainRepair.id}/cancel`, uptownManager.accessToken, { reason: 'Not ours to cancel' });
    expect([cancel.status, cancel.body.code]).toEqual([404, 'REPAIR_NOT_FOUND']);
    expect((await call('GET', '/repairs?closed=false', uptownManager.accessToken)).body.jobs).toEqual([]);
    expect((await call('GET', `/repairs?storeId=${MAIN_STORE}`, uptownManager.accessToken)).body.jobs).toEqual([]);
    expect((await call('PUT', `/stores/${MAIN_STORE}/policy`, uptownManager.accessToken, { repairAutoApproveMinor: 1 })).status).toBe(404);
    // Assigning to someone of another store is refused by name.
    const elsewhere = await call('POST', `/repairs/${mainRepair.id}/assign`, STAFF.counter.token, { jewelerId: uptownManager.id });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([422, 'STAFF_NOT_IN_STORE']);
    // A take-in for a store the clerk does not work in names no store they can see.
    expect((await call('POST', '/repairs', STAFF.counter.token, aSmallJob(customer.id, { storeId: uptown.body.id }))).body.code).toBe('STORE_NOT_FOUND');
  });

  it('keeps the audit trail append-only in the database and shows stage changes with their actor', async () => {
    const customer = (await call('POST', '/customers', STAFF.counter.token, aCustomer())).body;
    const repair = (await call('POST', '/repairs', STAFF.counter.token, aSmallJob(customer.id))).body.jobs[0];
    await call('POST', `/repairs/${repair.id}/assign`, STAFF.counter.token, { jewelerId: STAFF.carl.id });

    const trail = await call('GET', `/audit?recordType=job&recordId=${repair.id}`, STAFF.manager.token);
    expect(trail.body.entries.map((entry: { changes: { stage: unknown } }) => entry.changes.stage)).toEqual([
      { before: 'approved', after: 'in_work' },
      { before: 'received', after: 'approved' },
      { before: null, after: 'received' },
    ]);
    expect(trail.body.entries[0]).toMatchObject({ action: 'stage_change', actor: { id: STAFF.counter.id, name: 'ana' }, storeId: MAIN_STORE });
    expect((await call('GET', '/audit', STAFF.counter.token)).status).toBe(403);

    await expect(sql(stack.database.url, "update audit_entries set actor_name = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(sql(stack.database.url, 'delete from audit_entries')).rejects.toThrow(/append-only/);
    await expect(sql(stack.database.url, 'truncate audit_entries')).rejects.toThrow(/append-only/);
  });
});
