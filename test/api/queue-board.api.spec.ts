import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { request } from '../support/http.js';
import { STAFF } from '../support/test-config.js';

/** Bull Board over the message queues: its own Fastify routes, checked by a hook as the guard checks Nest's. */
describe('the queue board', () => {
  let stack: AtelierStack;

  beforeAll(async () => {
    stack = await startAtelierStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('shows managers and owners the SMS and email queues, and nobody else', async () => {
    expect((await request(stack.api, 'GET', '/admin/queues')).status).toBe(401);
    expect((await request(stack.api, 'GET', '/admin/queues/api/queues', { token: 'atl_at_not-a-real-token-000000000000000' })).status).toBe(401);
    const associate = await request(stack.api, 'GET', '/admin/queues/api/queues', { token: STAFF.counter.token });
    expect(associate.status).toBe(403);
    expect(associate.body).toMatchObject({ code: 'ROLE_NOT_ALLOWED' });

    const page = await request(stack.api, 'GET', '/admin/queues', { token: STAFF.manager.token });
    expect(page.status).toBe(200);
    expect(String(page.headers['content-type'])).toContain('text/html');
    const queues = await request(stack.api, 'GET', '/admin/queues/api/queues', { token: STAFF.owner.token });
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((queue: { name: string }) => queue.name).sort()).toEqual(['outbound-email', 'outbound-sms']);
  });

  it("opens in a browser through a cookie holding the manager's own token, sent only to the board", async () => {
    expect((await request(stack.api, 'POST', '/admin/queues-session', { token: STAFF.counter.token })).status).toBe(403);
    const session = await request(stack.api, 'POST', '/admin/queues-session', { token: STAFF.manager.token });
    expect(session.status).toBe(204);
    const cookie = String(session.headers['set-cookie']);
    expect(cookie).toMatch(/^atelier_queues=[^;]+; Path=\/admin\/queues; HttpOnly; SameSite=Strict; Max-Age=900; Secure$/);

    const page = await request(stack.api, 'GET', '/admin/queues/api/queues', { headers: { cookie: cookie.split(';')[0] } });
    expect(page.status).toBe(200);
    expect((await request(stack.api, 'GET', '/admin/queues/api/queues', { headers: { cookie: 'atelier_queues=forged' } })).status).toBe(401);
  });
});
