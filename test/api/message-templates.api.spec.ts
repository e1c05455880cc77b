import { randomUUID } from 'node:crypto';
import { MAIN_STORE_ID } from '../../src/stores/store.entity.js';
import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { aCustomer, aSmallJob } from '../support/builders.js';
import { eventually } from '../support/eventually.js';
import { request } from '../support/http.js';
import { sql } from '../support/sql.js';
import { STAFF } from '../support/test-config.js';

const TEMPLATES = `/stores/${MAIN_STORE_ID}/message-templates`;

/** Stores' own wording of customer messages, per kind, channel and language, and which events notify on which channel. */
describe('message templates and notification settings', () => {
  let stack: AtelierStack;

  beforeAll(async () => {
    stack = await startAtelierStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, as: keyof typeof STAFF = 'manager') => request(stack.api, method, url, { token: STAFF[as].token, body });

  it('lists every kind with its variables and its text on each channel, shipped until the store writes its own', async () => {
    const listed = await call('GET', TEMPLATES);

    expect(listed.status).toBe(200);
    const ready = listed.body.kinds.find((kind: { kind: string }) => kind.kind === 'repair.ready');
    expect(ready.variables).toEqual(['firstName', 'jobNumber', 'stage', 'promisedDate', 'storeName', 'storePhone', 'trackingLink', 'balanceNote']);
    expect(listed.body.kinds.map((kind: { kind: string }) => kind.kind)).toEqual(expect.arrayContaining(['repair.received', 'order.design_ready']));
    expect(listed.body.templates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'repair.ready', channel: 'sms', locale: 'en', source: 'default', subject: null }),
        expect.objectContaining({ kind: 'repair.ready', channel: 'email', locale: 'en', source: 'default', subject: 'Your piece ({{jobNumber}}) is ready for pickup' }),
      ]),
    );
  });

  it('refuses at save a template with a variable its kind does not have, naming it and the allowed ones', async () => {
    const saved = await call('PUT', `${TEMPLATES}/repair.ready/sms/en`, { body: '{{storeName}}: {{firstName}}, pay {{balanceDue}} by {{deadline}}' });

    expect(saved.status).toBe(400);
    expect(saved.body).toMatchObject({ code: 'UNKNOWN_TEMPLATE_VARIABLE', unknown: ['balanceDue', 'deadline'] });
    expect(saved.body.variables).toContain('balanceNote');
    expect((await call('PUT', `${TEMPLATES}/repair.ready/sms/en`, { body: 'Hi {{first name}}' })).body.code).toBe('TEMPLATE_SYNTAX');
    expect((await call('PUT', `${TEMPLATES}/repair.ready/email/en`, { body: 'Hello {{firstName}}' })).body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'subject' }] });
    expect((await call('PUT', `${TEMPLATES}/repair.ready/sms/en`, { subject: 'Hi', body: 'Hello {{firstName}}' })).body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'subject' }] });
    expect((await call('PUT', `${TEMPLATES}/repair.ready/email/en`, { subject: 'Ready: {{amount}}', body: 'Hello' })).body).toMatchObject({ code: 'UNKNOWN_TEMPLATE_VARIABLE', unknown: ['amount'], errors: [{ field: 'subject' }] });
    expect((await call('PUT', `${TEMPLATES}/repair.unheard_of/sms/en`, { body: 'Hello' })).status).toBe(404);
    expect((await call('PUT', `${TEMPLATES}/repair.ready/fax/en`, { body: 'Hello' })).status).toBe(400);
    expect((await call('PUT', `${TEMPLATES}/repair.ready/sms/english!`, { body: 'Hello' })).status).toBe(400);
    expect((await call('PUT', `${TEMPLATES}/repair.ready/sms/en`, { body: 'Hello' }, 'counter')).status).toBe(403);
    expect((await call('GET', TEMPLATES)).body.templates.filter((template: { source: string }) => template.source === 'store')).toEqual([]);
  });

  it("previews a text with example values, counting its SMS segments and warning past two", async () => {
    const shipped = await call('POST', `${TEMPLATES}/preview`, { kind: 'repair.estimate_ready', channel: 'sms' });
    expect(shipped.status).toBe(200);
    expect(shipped.body.text).toMatch(/^Main store: the estimate for R-001234-1 is \$185\.00\. Reply YES/);
    expect(shipped.body.sms).toEqual({ encoding: 'GSM-7', units: shipped.body.text.length, segments: shipped.body.text.length <= 160 ? 1 : Math.ceil(shipped.body.text.length / 153) });
    expect(shipped.body.warnings).toEqual([]);

    const long = await call('POST', `${TEMPLATES}/preview`, { kind: 'repair.ready', channel: 'sms', body: `{{storeName}}: ${'your piece is ready and waiting for you at the counter. '.repeat(6)}💍 {{trackingLink}}` });
    expect(long.body.sms).toEqual({ encoding: 'UCS-2', units: long.body.text.length, segments: Math.ceil(long.body.text.length / 67) });
    expect(long.body.sms.segments).toBeGreaterThan(2);
    expect(long.body.warnings).toHaveLength(2);

    const email = await call('POST', `${TEMPLATES}/preview`, { kind: 'order.shipped', channel: 'email' });
    expect(email.body).toMatchObject({ subject: 'Your piece (C-000042) is on its way', sms: null });
    expect(email.body.text).toContain('on its way with UPS, tracking 1Z999AA10123456784');
    expect((await call('POST', `${TEMPLATES}/preview`, { kind: 'repair.ready', channel: 'sms', body: '{{nope}}' })).body.code).toBe('UNKNOWN_TEMPLATE_VARIABLE');
  });

  it("sends a customer the store's text in their language, and the shipped text again once it is removed", async () => {
    const spanish = await call('PUT', `${TEMPLATES}/repair.received/sms/es`, { body: '{{storeName}}: {{firstName}}, tenemos su pieza ({{jobNumber}}), lista el {{promisedDate}}. {{trackingLink}}' });
    expect(spanish.status).toBe(200);
    expect(spanish.body).toMatchObject({ kind: 'repair.received', channel: 'sms', locale: 'es', source: 'store' });

    const maria = (await call('POST', '/customers', aCustomer({ language: 'es-MX' }))).body;
    const number = (await call('POST', '/repairs', aSmallJob(maria.id))).body.jobs[0].number;
    const [text] = await eventually(() => stack.twilio.sentTo(maria.phone), (texts) => texts.length === 1);
    expect(text.body).toMatch(new RegExp(`^Main store: Maria, tenemos su pieza \\(${number}\\), lista el [A-Z][a-z]{2} \\d{1,2}\\. https://track\\.example\\.test/track/[\\w-]{32}$`));

    const english = (await call('POST', '/customers', aCustomer())).body;
    await call('POST', '/repairs', aSmallJob(english.id));
    const [englishText] = await eventually(() => stack.twilio.sentTo(english.phone), (texts) => texts.length === 1);
    expect(englishText.body).toMatch(/^Main store: we have your piece/);

    expect((await call('DELETE', `${TEMPLATES}/repair.received/sms/es`)).status).toBe(204);
    expect((await call('DELETE', `${TEMPLATES}/repair.received/sms/es`)).status).toBe(404);
    const again = (await call('POST', '/customers', aCustomer({ language: 'es' }))).body;
    await call('POST', '/repairs', aSmallJob(again.id));
    const [shippedText] = await eventually(() => stack.twilio.sentTo(again.phone), (texts) => texts.length === 1);
    expect(shippedText.body).toMatch(/^Main store: we have your piece/);
    const audit = await sql<{ action: string }>(stack.database.url, `select action from audit_entries where record_type = 'message_template' order by at`);
    expect(audit.map((entry) => entry.action)).toEqual(['create', 'delete']);
  });

  it('turns an event off, or onto one channel, per store; an event not set goes as the customer prefers', async () => {
    const before = await call('GET', `/stores/${MAIN_STORE_ID}/notifications`);
    expect(before.body).toEqual(expect.arrayContaining([{ kind: 'repair.received', channels: ['sms', 'email'], setByStore: false }]));

    const changed = await call('PUT', `/stores/${MAIN_STORE_ID}/notifications`, { settings: [{ kind: 'repair.received', channels: [] }, { kind: 'repair.ready', channels: ['email', 'sms'] }] });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual(expect.arrayContaining([{ kind: 'repair.received', channels: [], setByStore: true }, { kind: 'repair.ready', channels: ['sms', 'email'], setByStore: true }]));
    expect((await call('PUT', `/stores/${MAIN_STORE_ID}/notifications`, { settings: [{ kind: 'repair.nothing', channels: [] }] })).body.code).toBe('UNKNOWN_MESSAGE_KIND');
    expect((await call('PUT', `/stores/${MAIN_STORE_ID}/notifications`, { settings: [{ kind: 'repair.ready', channels: ['pigeon'] }] })).status).toBe(400);
    expect((await call('GET', `/stores/${MAIN_STORE_ID}/notifications`, undefined, 'counter')).status).toBe(403);
    expect((await call('GET', `/stores/${randomUUID()}/notifications`, undefined, 'owner')).status).toBe(404);

    const customer = (await call('POST', '/customers', aCustomer())).body;
    const repair = (await call('POST', '/repairs', aSmallJob(customer.id))).body.jobs[0];
    // The take-in is projected and journaled; its notice was turned off, so no message row is written.
    await eventually(() => call('GET', `/repairs/${repair.id}/history`), (answer) => answer.body.timeline.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await sql(stack.database.url, 'select id from messages where job_id = $1', [repair.id])).toEqual([]);
    expect(stack.twilio.sentTo(customer.phone)).toEqual([]);
    await call('PUT', `/stores/${MAIN_STORE_ID}/notifications`, { settings: [{ kind: 'repair.received', channels: ['sms', 'email'] }] });
  });
});
