import axe from 'axe-core';
import { type Browser, chromium } from 'playwright-core';
import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { aCustomer, aPiece } from '../support/builders.js';
import { eventually } from '../support/eventually.js';
import { request } from '../support/http.js';
import { STAFF } from '../support/test-config.js';

/** Debian's Chromium (`.ci/run` installs it); a missing browser fails this file rather than skipping it. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** A mid-range phone. */
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

/** The page every text and email links to, in a real browser at a phone's size, over real HTTP. */
describe("the customer's tracking page in a browser", () => {
  let stack: AtelierStack;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    stack = await startAtelierStack();
    await stack.api.listen(0, '127.0.0.1');
    baseUrl = await stack.api.getUrl();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const staff = (method: 'GET' | 'POST', url: string, body?: unknown) => request(stack.api, method, url, { token: STAFF.counter.token, body });

  /** A repair whose estimate is over the store's auto-approve amount: it waits for the customer. */
  async function aRepairAwaitingApproval() {
    const customer = (await staff('POST', '/customers', aCustomer())).body;
    const taken = await staff('POST', '/repairs', {
      customerId: customer.id,
      items: [aPiece({ estimate: [{ kind: 'labour', description: 'Rebuild the head', quantity: 1, unitMinor: 25_000 }, { kind: 'part', description: 'Claw', quantity: 4, unitMinor: 1_250 }] })],
    });
    const repair = taken.body.jobs[0] as { id: string; number: string; trackingUrl: string };
    await eventually(() => staff('GET', `/repairs/${repair.id}`), (read) => read.body.stage === 'awaiting_approval');
    return { customer, repair, path: new URL(repair.trackingUrl).pathname };
  }

  async function aPhonePage() {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (sent) => requested.push(sent.url()));
    return { page, requested, close: () => context.close() };
  }

  it('shows the piece, its stage and the estimate with no personal data beyond the first name, in one small request, with no accessibility violations', async () => {
    const { customer, repair, path } = await aRepairAwaitingApproval();
    const { page, requested, close } = await aPhonePage();
    try {
      const response = await page.goto(`${baseUrl}${path}`);
      expect(response?.status()).toBe(200);
      expect(await page.locator("h1").innerText()).toMatch(new RegExp(`^Hello ${customer.firstName}, here is your `));
      expect(await page.locator('.stage').innerText()).toBe('Estimate sent, waiting for your approval');
      expect(await page.locator('tr.total').innerText()).toMatch(/Total\s+\$300\.00/);
      const text = await page.locator('body').innerText();
      for (const personal of [customer.lastName, customer.phone, customer.email]) expect(text).not.toContain(personal);
      expect(text).toContain(repair.number);
      // Fast on a phone: one document, no scripts or fonts to fetch, a few kilobytes.
      expect(requested).toEqual([`${baseUrl}${path}`]);
      expect((await response!.body()).length).toBeLessThan(16_000);

      await page.addScriptTag({ content: axe.source });
      // Runs in the page, where axe-core was just added as a global.
      const violations = await page.evaluate(async () => (await (globalThis as unknown as { axe: typeof axe }).axe.run()).violations.map((violation) => `${violation.id}: ${violation.help}`));
      expect(violations).toEqual([]);
    } finally {
      await close();
    }
  });

  it('approves the estimate with a typed name through the workflow Update; a double submit answers once', async () => {
    const { repair, path } = await aRepairAwaitingApproval();
    const { page, close } = await aPhonePage();
    try {
      await page.goto(`${baseUrl}${path}`);
      await page.getByLabel('Type your full name to sign').fill('Maria Lopez');
      // The same form sent twice at once (a double tap on a slow network), then the button as a person presses it.
      // In the page: the browser's own FormData of the form, as a submit would send it.
      const form = await page.locator('form').evaluate((element) => {
        const { FormData: PageFormData } = globalThis as unknown as { FormData: new (form: unknown) => Iterable<[string, string]> };
        return new URLSearchParams([...new PageFormData(element)]).toString();
      });
      const statuses = await page.evaluate(
        async ({ url, body }) =>
          Promise.all(
            [0, 1].map(async () => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: `${body}&decision=approve`, redirect: 'manual' })).type),
          ),
        { url: `${baseUrl}${path}/answer`, body: form },
      );
      // One answers the question; the other either joins the same Update (its id is the page's answerId) or
      // arrives after the answer and is shown "already answered" (a page, not a redirect). Never a second decision.
      expect(statuses).toContain('opaqueredirect');
      expect(statuses.every((type) => type === 'opaqueredirect' || type === 'basic')).toBe(true);
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.waitForLoadState();

      expect(await page.locator('[role=alert]').innerText()).toContain('already been answered');
      await page.goto(`${baseUrl}${path}`);
      expect(await page.locator('.stage').innerText()).toBe('Approved, waiting for the bench');
      const history = (await staff('GET', `/repairs/${repair.id}/history`)).body;
      const decisions = history.timeline.filter((entry: { type: string }) => entry.type === 'approval_decided');
      expect(decisions).toHaveLength(1);
      expect(decisions[0]).toMatchObject({ actor: { kind: 'customer', channel: 'tracking_page' }, data: { outcome: 'approved', typedName: 'Maria Lopez' } });
    } finally {
      await close();
    }
  });

  it('shows a plain "no longer valid" page for a revoked or unknown link, and the new link works', async () => {
    const { repair, path } = await aRepairAwaitingApproval();
    const rotated = await staff('POST', `/jobs/${repair.id}/tracking-link`);
    expect(rotated.status).toBe(200);
    const { page, close } = await aPhonePage();
    try {
      for (const gone of [path, '/track/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/track/short']) {
        const response = await page.goto(`${baseUrl}${gone}`);
        expect(response?.status()).toBe(404);
        expect(await page.locator('h1').innerText()).toBe('This link is no longer valid');
        expect(await page.locator('body').innerText()).not.toContain(repair.number);
      }
      expect((await page.goto(`${baseUrl}${new URL(rotated.body.trackingUrl).pathname}`))?.status()).toBe(200);
      expect(await page.locator('.stage').innerText()).toBe('Estimate sent, waiting for your approval');
    } finally {
      await close();
    }
  });
});
