import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { randomUUID } from 'node:crypto';
import { aCustomer, aTakeIn } from '../support/builders.js';
import { STAFF } from '../support/test-config.js';

/** Text the database cannot store as sent: every route must refuse it with a 400 naming the field. */
const UNSTORABLE_TEXTS: Record<string, string> = {
  'a NUL character': 'Maria\u0000Lopez',
  'an unpaired high surrogate': 'Ring \ud83d',
  'an unpaired low surrogate': '\ude00 ring',
};

/** The same, as a client puts it in a URL: percent-encoded bytes that are not storable text. */
const UNSTORABLE_URL_TEXTS: Record<string, string> = {
  'an encoded NUL': 'a%00b',
  'an encoded surrogate (invalid UTF-8)': 'a%ED%A0%BDb',
  'an overlong NUL (invalid UTF-8)': 'a%C0%80b',
  'a stray byte (invalid UTF-8)': 'a%FFb',
};

/** Every route, every field, every text: a few thousand requests, longer than one test's default time on a busy machine. */
const EVERY_ROUTE_TIMEOUT_MS = 240_000;

/** Odd but plausible text: refused with a 400 naming the field, or kept exactly (bar trimming). */
const ODD_TEXTS: Record<string, string> = {
  emoji: 'Ring 💍 for Zoë 😀',
  'a family emoji (ZWJ sequence)': '👩‍👩‍👧 heirloom',
  'combining accents': 'Rene\u0301e',
  'right-to-left override': '\u202eGNIR',
  'Hebrew and Arabic': 'טבעת خاتم',
  'CJK and full-width': '指輪 Ｒｉｎｇ',
  'Turkish dotted I': 'İstanbul ılık',
  'SQL metacharacters': "O'Brien'); drop table customers; --",
  'a script tag': '<script>alert("x")</script>',
  'JSON operators': '{"$gt": ""}',
  'control characters': 'a\u0001b\u001fc\u007f',
  'line and paragraph separators': 'first\u2028second\u2029third',
  'CR LF and tab': 'line one\r\nline\ttwo',
  'backslashes and quotes': 'C:\\rings\\"14k"\\0',
  'percent escapes': '%00%27%3Cscript%3E',
  'a byte-order mark inside': 'a\ufeffb',
  'non-breaking and zero-width spaces': 'a\u00a0b\u200bc',
  'the text null': 'null',
  'a lone surrogate escape as text': '\\ud800',
  'private-use and noncharacters': '\ue000\ufdd0\uffff',
};

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  maxLength?: number;
};
type Operation = { parameters?: { name: string; in: string; schema?: Schema }[]; requestBody?: { content?: Record<string, { schema: Schema }> } };
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

/** Optional fields that are another way to give a field beside them: left out of generated bodies (a price line's metalPricing instead of unitMinor). */
const ALTERNATIVES: Record<string, string> = { metalPricing: 'unitMinor' };

/**
 * Generated from the OpenAPI document: every string field of every request body, every path and
 * query parameter, gets odd text; none may earn a 5xx, unstorable text is a 400 naming the field,
 * and text that is accepted comes back (and reads back) unchanged.
 */
describe('odd text in every field of every route (generated from the OpenAPI document)', () => {
  let stack: AtelierStack;
  let spec: OpenApi;
  /** Real ids for path parameters and id fields, by name. */
  const fixtures: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startAtelierStack();
    spec = (await call('GET', '/docs-json')).body as OpenApi;
    fixtures.customerId = (await call('POST', '/customers', aCustomer())).body.id;
    const [repair] = (await call('POST', '/repairs', aTakeIn(fixtures.customerId))).body.jobs;
    fixtures.repairId = repair.id;
    fixtures.orderId = (await call('POST', '/orders', { customerId: fixtures.customerId, summary: 'Ring', customerWords: 'A ring', spec: 'Pt950' })).body.id;
    fixtures.stepKey = 'cad';
    fixtures.jobId = repair.id;
    fixtures.storeId = repair.storeId;
    fixtures.alertId = randomUUID();
    fixtures.messageId = randomUUID();
    // An email template (a subject is allowed), of a kind every store has.
    fixtures.kind = 'repair.ready';
    fixtures.channel = 'email';
    fixtures.locale = 'en';
    fixtures.token = repair.trackingUrl.split('/').pop();
    fixtures.answerId = randomUUID();
    fixtures.photoId = randomUUID();
    // Someone to rename and reset (never the owner whose token this file uses), and a key to revoke.
    fixtures.staffId = STAFF.counter.id;
    fixtures.pieceId = (await call('POST', '/pieces', { sku: 'ODD-1', description: 'Silver chain', category: 'chain', currency: 'USD' })).body.id;
    fixtures.occasionId = (await call('POST', `/customers/${fixtures.customerId}/occasions`, { kind: 'birthday', date: '--03-01' })).body.id;
    fixtures.keyId = (await call('POST', '/api-keys', { name: 'Odd text', role: 'associate', storeIds: [repair.storeId] })).body.key.id;
    fixtures.token = new URL(repair.trackingUrl).pathname.split('/').pop()!;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function call(method: string, url: string, body?: unknown) {
    const response = await stack.api.inject({
      method: method.toUpperCase() as 'GET',
      url,
      headers: { authorization: `Bearer ${STAFF.owner.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.statusCode, body: response.body ? response.json() : undefined };
  }

  const resolve = (schema: Schema): Schema => {
    if (schema.$ref) return resolve(spec.components.schemas[schema.$ref.split('/').pop()!]);
    if (schema.allOf?.length === 1) return resolve(schema.allOf[0]);
    return schema;
  };

  /** A valid value for a schema, from its examples, enums and the fixtures. */
  const exampleOf = (schema: Schema, name: string): unknown => {
    const resolved = resolve(schema);
    if (resolved.properties) {
      const chosen = Object.entries(resolved.properties).filter(([key]) => !(key in ALTERNATIVES && ALTERNATIVES[key] in resolved.properties!));
      return Object.fromEntries(chosen.map(([key, child]) => [key, exampleOf(child, key)]).filter(([, value]) => value !== undefined));
    }
    if (resolved.type === 'array') return resolved.example ?? [exampleOf(resolved.items ?? {}, name)];
    if (resolved.format === 'uuid') return fixtures[name];
    if (resolved.example !== undefined) return resolved.example;
    if (resolved.enum) return resolved.enum[0];
    if (resolved.type === 'boolean') return true;
    throw new Error(`The OpenAPI schema of "${name}" has no example: add one to its DTO decorator`);
  };

  /** Paths of the free-text string fields of a body schema (no enum, no format). */
  const textFields = (schema: Schema, prefix = ''): string[] => {
    const resolved = resolve(schema);
    return Object.entries(resolved.properties ?? {}).flatMap(([key, child]) => {
      const field = prefix ? `${prefix}.${key}` : key;
      const childSchema = resolve(child);
      if (childSchema.properties) return textFields(childSchema, field);
      if (childSchema.type === 'array' && childSchema.items && resolve(childSchema.items).properties) return textFields(resolve(childSchema.items), `${field}.0`);
      return childSchema.type === 'string' && !childSchema.enum && !childSchema.format && !childSchema.example?.toString().match(/^\d{4}-\d{2}-\d{2}$/) ? [field] : [];
    });
  };

  const withField = (body: Record<string, unknown>, field: string, value: string) => {
    const copy = structuredClone(body);
    const keys = field.split('.');
    let target = copy;
    for (const key of keys.slice(0, -1)) {
      target[key] ??= /^\d+$/.test(keys[keys.indexOf(key) + 1] ?? '') ? [] : {};
      target = target[key] as Record<string, unknown>;
    }
    target[keys.at(-1)!] = value;
    return copy;
  };
  const readField = (body: unknown, field: string) => field.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], body);
  /**
   * Where a created record shows a request field under another name (an order's brief, its own
   * materials as custody items). null: not shown on the record right away (the design fee is a
   * payment the workflow records moments after the start).
   */
  const SHOWN_AS: Record<string, Record<string, string | null>> = {
    '/orders': { customerWords: 'brief.customerWords', spec: 'brief.spec', 'ownMaterials.0.description': 'items.0.description', 'designFee.reference': null },
  };
  const shownAs = (path: string, field: string) => (field in (SHOWN_AS[path] ?? {}) ? SHOWN_AS[path][field] : field);

  const fillPath = (path: string) =>
    path.replace(/\{(\w+)\}/g, (_match, name: string) => {
      if (!fixtures[name]) throw new Error(`No fixture for the path parameter "${name}": add one in this test's beforeAll`);
      return encodeURIComponent(fixtures[name]);
    });

  const operations = () =>
    Object.entries(spec.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));

  it('finds routes with text fields to try', () => {
    const bodies = operations().filter(({ operation }) => operation.requestBody?.content?.['application/json']);
    expect(bodies.length).toBeGreaterThanOrEqual(2);
    expect(bodies.flatMap(({ operation }) => textFields(operation.requestBody!.content!['application/json'].schema))).toEqual(
      expect.arrayContaining(['firstName', 'items.0.itemDescription', 'reason']),
    );
  });

  it('refuses unstorable text in every body field with a 400 naming it, and accepts odd text unchanged', async () => {
    const failures: string[] = [];
    for (const { path, method, operation } of operations()) {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      if (!schema) continue;
      const url = fillPath(path);
      const base = exampleOf(schema, 'body') as Record<string, unknown>;
      // A created record is read back where the API has a GET for it.
      const readPath = (created: { id?: string }) => created.id && spec.paths[`${path}/{${Object.keys(fixtures).find((key) => path.endsWith(key.replace(/Id$/, 's'))) ?? ''}}`]?.get;

      for (const field of textFields(schema)) {
        for (const [label, text] of Object.entries(UNSTORABLE_TEXTS)) {
          const { status, body } = await call(method, url, withField(base, field, text));
          const named = (body?.errors ?? []).some((error: { field: string }) => error.field === field);
          if (status !== 400 || !named) failures.push(`${method.toUpperCase()} ${path} ${field} with ${label}: ${status} ${JSON.stringify(body)}`);
        }
        for (const [label, text] of Object.entries(ODD_TEXTS)) {
          const { status, body } = await call(method, url, withField(base, field, text));
          if (status >= 500) failures.push(`${method.toUpperCase()} ${path} ${field} with ${label}: ${status}`);
          else if (status === 400 && !(body?.errors ?? []).some((error: { field: string }) => error.field === field)) {
            failures.push(`${method.toUpperCase()} ${path} ${field} with ${label}: 400 without naming the field: ${JSON.stringify(body)}`);
          } else if (status < 300) {
            const expected = text.trim();
            // An action on a record (POST /repairs/{id}/contact-attempts) answers with that record, whose fields are its own, not the request's.
            const answersTheParent = method === 'post' && typeof body?.id === 'string' && url.includes(`/${body.id}/`);
            const shown = shownAs(path, field);
            const answered = answersTheParent || shown === null ? undefined : readField(body, shown);
            if (answered !== undefined && answered !== expected) failures.push(`${method.toUpperCase()} ${path} ${field} with ${label}: answered ${JSON.stringify(answered)}`);
            if (readPath(body) && body.id && shown !== null) {
              const reread = await call('GET', `${url}/${body.id}`);
              const stored = readField(reread.body, shown);
              if (stored !== expected) failures.push(`${method.toUpperCase()} ${path} ${field} with ${label}: read back ${JSON.stringify(stored)}`);
            }
          }
          // Any other 4xx refuses the request for a reason of its own (the job's stage, a role, an unknown id): no 5xx is what matters.
        }
      }
    }
    expect(failures).toEqual([]);
  }, EVERY_ROUTE_TIMEOUT_MS);

  it('refuses unstorable text in every path and query parameter with a 400 naming it', async () => {
    const failures: string[] = [];
    for (const { path, method, operation } of operations()) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== 'path' && parameter.in !== 'query') continue;
        for (const [label, encoded] of Object.entries(UNSTORABLE_URL_TEXTS)) {
          const url = parameter.in === 'path' ? fillPath(path.replace(`{${parameter.name}}`, encoded)) : `${fillPath(path)}?${parameter.name}=${encoded}`;
          const hasBody = operation.requestBody?.content?.['application/json'];
          const { status, body } = await call(method, url, hasBody ? exampleOf(hasBody.schema, 'body') : undefined);
          const named = (body?.errors ?? []).some((error: { field: string }) => error.field === parameter.name);
          // Escapes that are not UTF-8 stop Fastify before any route is matched: no field to name yet.
          const malformedUrl = body?.code === 'MALFORMED_URL' && parameter.in === 'path';
          if (status !== 400 || !(named || malformedUrl)) failures.push(`${method.toUpperCase()} ${path} ${parameter.in} ${parameter.name} with ${label}: ${status} ${JSON.stringify(body)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, EVERY_ROUTE_TIMEOUT_MS);
});
