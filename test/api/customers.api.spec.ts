import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { aCustomer, aSmallJob } from '../support/builders.js';
import { eventually } from '../support/eventually.js';
import { type HttpMethod, request } from '../support/http.js';
import { STAFF } from '../support/test-config.js';

describe('customer records through the API (real Postgres, Temporal, Redis and the Twilio API server)', () => {
  let stack: AtelierStack;

  beforeAll(async () => {
    stack = await startAtelierStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const call = (method: HttpMethod, url: string, body?: unknown, token: string = STAFF.counter.token) => request(stack.api, method, url, { token, body });
  const aCustomerWith = async (overrides = {}) => {
    const created = await call('POST', '/customers', aCustomer(overrides));
    expect(created.status).toBe(201);
    return created.body as { id: string; phone: string };
  };

  it('keeps a profile: address, channel, language, preferences, and ring sizes in both systems', async () => {
    const created = await call(
      'POST',
      '/customers',
      aCustomer({
        address: { line1: '12 Elm Street', city: 'Springfield', country: 'US' },
        preferredChannel: 'email',
        language: 'es-MX',
        emailConsent: true,
        preferences: { metals: ['rose gold'], stones: ['sapphire', 'opal'] },
        sizes: { rings: [{ finger: 'left_ring', us: 6.5 }, { finger: 'right_index', isoMm: 57 }], wristCm: 16.5 },
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      preferredChannel: 'email',
      language: 'es-MX',
      emailConsent: true,
      smsConsent: true,
      address: { line1: '12 Elm Street', city: 'Springfield', country: 'US' },
      preferences: { metals: ['rose gold'], stones: ['sapphire', 'opal'] },
      sizes: {
        rings: [
          { finger: 'left_ring', us: 6.5, isoMm: 53.1, diameterMm: 16.9 },
          { finger: 'right_index', us: 8, isoMm: 57, diameterMm: 18.1 },
        ],
        wristCm: 16.5,
      },
    });

    const changed = await call('PATCH', `/customers/${created.body.id}`, { lastName: 'Lopez-Garcia', sizes: { rings: [{ finger: 'left_ring', us: 7 }] } });
    expect(changed.body).toMatchObject({ lastName: 'Lopez-Garcia', sizes: { rings: [{ finger: 'left_ring', us: 7, isoMm: 54.4 }] } });
    // The audit says a contact detail changed and who changed it, never the value.
    const audit = await call('GET', `/audit?recordType=customer&recordId=${created.body.id}`, undefined, STAFF.owner.token);
    expect(audit.body.entries[0]).toMatchObject({ action: 'update', actor: { id: STAFF.counter.id }, changes: { lastName: {} } });
    expect(JSON.stringify(audit.body)).not.toContain('Lopez-Garcia');
  });

  it('refuses bad profile input with a 400 naming the field', async () => {
    const problems = async (body: Record<string, unknown>) => {
      const answer = await call('POST', '/customers', aCustomer(body));
      expect(answer.status).toBe(400);
      return answer.body.errors.map((error: { field: string }) => error.field);
    };
    expect(await problems({ email: 'not-an-email' })).toEqual(['email']);
    expect(await problems({ email: undefined, emailConsent: true })).toEqual(['emailConsent']);
    expect(await problems({ sizes: { rings: [{ finger: 'left_ring', us: 40 }] } })).toEqual(['sizes.rings.0.us']);
    expect(await problems({ sizes: { rings: [{ finger: 'left_ring' }] } })).toEqual(['sizes.rings.0']);
    expect(await problems({ sizes: { rings: [{ finger: 'left_toe', us: 6 }] } })).toEqual(['sizes.rings.0.finger']);
    expect(await problems({ sizes: { rings: [{ finger: 'left_ring', us: 6 }, { finger: 'left_ring', us: 7 }] } })).toEqual(['sizes.rings']);
    expect(await problems({ preferredChannel: 'pigeon', language: 'English!' })).toEqual(['preferredChannel', 'language']);
    const customer = await aCustomerWith();
    const badDate = await call('POST', `/customers/${customer.id}/occasions`, { kind: 'birthday', date: '--02-30' });
    expect([badDate.status, badDate.body.errors?.[0]?.field]).toEqual([400, 'date']);
  });

  it('records every consent change with its time, source and who recorded it; a repeat records nothing', async () => {
    const customer = await aCustomerWith({ email: undefined });
    const noEmail = await call('PUT', `/customers/${customer.id}/consent`, { channel: 'email', granted: true, source: 'counter' });
    expect(noEmail.status).toBe(400);

    expect((await call('PUT', `/customers/${customer.id}/consent`, { channel: 'sms', granted: false, source: 'phone' })).body.smsConsent).toBe(false);
    await call('PUT', `/customers/${customer.id}/consent`, { channel: 'sms', granted: false, source: 'phone' });
    await call('PATCH', `/customers/${customer.id}`, { email: 'later@example.com' });
    expect((await call('PUT', `/customers/${customer.id}/consent`, { channel: 'email', granted: true, source: 'web_form' })).body.emailConsent).toBe(true);

    const profile = (await call('GET', `/customers/${customer.id}`)).body;
    expect(profile.consentHistory.map(({ channel, granted, source, recordedBy }: Record<string, unknown>) => ({ channel, granted, source, recordedBy }))).toEqual(
      expect.arrayContaining([
        { channel: 'email', granted: true, source: 'web_form', recordedBy: 'ana' },
        { channel: 'sms', granted: false, source: 'phone', recordedBy: 'ana' },
        { channel: 'sms', granted: true, source: 'counter', recordedBy: 'ana' },
        { channel: 'email', granted: false, source: 'counter', recordedBy: 'ana' },
      ]),
    );
    expect(profile.consentHistory).toHaveLength(4);
    // No consent, no text: the next notice is recorded as suppressed, not sent.
    const repair = (await call('POST', '/repairs', aSmallJob(customer.id))).body.jobs[0];
    const history = await eventually(() => call('GET', `/repairs/${repair.id}/history`), (answer) => answer.body.timeline.some((entry: { type: string }) => entry.type === 'message'));
    expect(history.body.timeline.find((entry: { type: string }) => entry.type === 'message').message).toMatchObject({ status: 'suppressed', errorCode: 'NO_SMS_CONSENT' });
    expect(stack.twilio.sentTo(customer.phone)).toEqual([]);
  });

  it("shows occasions, notes, the customer's jobs and the lifetime value from recorded payments", async () => {
    const customer = await aCustomerWith();
    const anniversary = await call('POST', `/customers/${customer.id}/occasions`, { kind: 'anniversary', date: '--06-14', withWhom: 'Luis' });
    expect(anniversary.status).toBe(201);
    await call('POST', `/customers/${customer.id}/occasions`, { kind: 'birthday', date: '1980-02-29' });
    await call('POST', `/customers/${customer.id}/interactions`, { channel: 'phone', summary: 'Asked about a pearl restring' });
    const repair = (await call('POST', '/repairs', aSmallJob(customer.id))).body.jobs[0];
    for (const [amountMinor, kind] of [[4_500, 'deposit'], [10_000, 'balance'], [2_000, 'refund']] as const) {
      const paid = await call('POST', `/repairs/${repair.id}/payments`, { kind, amount: { amountMinor, currency: 'USD' }, method: 'card' }, STAFF.manager.token);
      expect(paid.status).toBe(200);
    }

    const profile = (await call('GET', `/customers/${customer.id}`)).body;
    expect(profile.occasions.map((occasion: { date: string }) => occasion.date)).toEqual(['--06-14', '1980-02-29']);
    expect(profile.interactions).toMatchObject([{ channel: 'phone', summary: 'Asked about a pearl restring', staffName: 'ana' }]);
    expect(profile.jobs.map((job: { id: string }) => job.id)).toEqual([repair.id]);
    expect(profile.lifetimeValue).toEqual([{ currency: 'USD', amountMinor: 12_500 }]);
    // Each payment is in the audit trail once, with who took it.
    const audited = (await call('GET', '/audit?recordType=payment&limit=200', undefined, STAFF.owner.token)).body.entries.filter(
      (entry: { changes: { jobId: { after: string } } }) => entry.changes.jobId.after === repair.id,
    );
    expect(audited.map((entry: { actor: { name: string }; changes: { kind: { after: string }; amountMinor: { after: number } } }) => [entry.actor.name, entry.changes.kind.after, entry.changes.amountMinor.after])).toEqual([
      ['ben', 'refund', 2_000],
      ['ben', 'balance', 10_000],
      ['ben', 'deposit', 4_500],
    ]);

    expect((await call('DELETE', `/customers/${customer.id}/occasions/${anniversary.body.id}`)).status).toBe(204);
    expect((await call('GET', `/customers/${customer.id}`)).body.occasions).toHaveLength(1);
  });

  it('merges two records of one person: the history moves, the duplicate is kept, its jobs text the survivor', async () => {
    const survivor = await aCustomerWith({ email: undefined });
    const duplicate = await aCustomerWith({ email: 'same.person@example.com' });
    const repair = (await call('POST', '/repairs', aSmallJob(duplicate.id))).body.jobs[0];
    await call('POST', `/repairs/${repair.id}/payments`, { kind: 'deposit', amount: { amountMinor: 3_000, currency: 'USD' }, method: 'cash' }, STAFF.manager.token);
    await eventually(() => stack.twilio.sentTo(duplicate.phone).length, (count) => count >= 1);

    expect((await call('POST', `/customers/${survivor.id}/merge`, { duplicateId: duplicate.id })).status).toBe(403);
    const merged = await call('POST', `/customers/${survivor.id}/merge`, { duplicateId: duplicate.id }, STAFF.manager.token);
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: survivor.id, email: 'same.person@example.com' });

    const profile = (await call('GET', `/customers/${survivor.id}`)).body;
    expect(profile.jobs.map((job: { id: string }) => job.id)).toEqual([repair.id]);
    expect(profile.lifetimeValue).toEqual([{ currency: 'USD', amountMinor: 3_000 }]);
    expect(profile.interactions[0].summary).toContain(duplicate.id);
    const kept = (await call('GET', `/customers/${duplicate.id}`)).body;
    expect(kept).toMatchObject({ mergedInto: survivor.id, consentHistory: [expect.anything(), expect.anything()] });
    expect((await call('PATCH', `/customers/${duplicate.id}`, { firstName: 'X' })).body.code).toBe('CUSTOMER_MERGED');
    expect((await call('POST', `/customers/${survivor.id}/merge`, { duplicateId: duplicate.id }, STAFF.manager.token)).body.code).toBe('CUSTOMER_MERGED');
    expect((await call('POST', `/customers/${survivor.id}/merge`, { duplicateId: survivor.id }, STAFF.manager.token)).body.code).toBe('MERGE_WITH_ITSELF');

    // The job's workflow still names the duplicate; its next text goes to the survivor.
    await call('POST', `/repairs/${repair.id}/cancel`, { reason: 'Customer will come back later' });
    await eventually(() => stack.twilio.sentTo(survivor.phone).length, (count) => count >= 1);
  });
});
