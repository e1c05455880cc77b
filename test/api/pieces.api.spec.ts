import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { aCustomer } from '../support/builders.js';
import { type HttpMethod, request } from '../support/http.js';
import { STAFF } from '../support/test-config.js';

const MAIN_STORE = '00000000-0000-4000-8000-000000000001';

function aPiece(overrides: Record<string, unknown> = {}) {
  return {
    sku: `RG-${Math.random().toString(36).slice(2, 10)}`,
    description: '14k yellow gold solitaire, 0.50 ct round diamond',
    category: 'ring',
    metal: 'gold',
    metalColour: 'yellow',
    fineness: 585,
    weightGrams: 3.42,
    stones: [{ type: 'diamond', carat: 0.5, shape: 'round brilliant', colour: 'G', clarity: 'VS1' }],
    certificate: { lab: 'GIA', number: '2141438167' },
    costMinor: 120_000,
    retailMinor: 249_000,
    currency: 'USD',
    place: 'display_case',
    placeDetail: 'Case 3',
    ...overrides,
  };
}

describe('pieces, metal prices and search through the API (real Postgres)', () => {
  let stack: AtelierStack;

  beforeAll(async () => {
    stack = await startAtelierStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const call = (method: HttpMethod, url: string, body?: unknown, token: string = STAFF.manager.token) => request(stack.api, method, url, { token, body });

  it('enters a piece with its stones and certificate, and moves it only along allowed statuses, keeping the history', async () => {
    const created = await call('POST', '/pieces', aPiece({ sku: 'RG-14Y-0042' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      sku: 'RG-14Y-0042',
      storeId: MAIN_STORE,
      weightGrams: 3.42,
      fineness: 585,
      stones: [{ type: 'diamond', carat: 0.5, count: 1 }],
      certificate: { lab: 'GIA', number: '2141438167' },
      status: 'available',
      allowedStatuses: ['reserved', 'sold', 'on_memo', 'in_repair'],
      statusHistory: [{ from: null, to: 'available', by: 'ben' }],
    });
    expect((await call('POST', '/pieces', aPiece({ sku: 'RG-14Y-0042' }))).body.code).toBe('SKU_TAKEN');

    const id = created.body.id;
    expect((await call('POST', `/pieces/${id}/status`, { status: 'reserved', reason: 'Held for Mrs Rossi' }, STAFF.counter.token)).body.status).toBe('reserved');
    const refused = await call('POST', `/pieces/${id}/status`, { status: 'in_repair' }, STAFF.counter.token);
    expect([refused.status, refused.body.code, refused.body.allowedStatuses]).toEqual([409, 'PIECE_STATUS_NOT_ALLOWED', ['available', 'sold']]);
    const sold = await call('POST', `/pieces/${id}/status`, { status: 'sold' }, STAFF.counter.token);
    expect(sold.body.statusHistory.map((change: { from: string; to: string }) => `${change.from}->${change.to}`)).toEqual(['reserved->sold', 'available->reserved', 'null->available']);

    const repriced = await call('PATCH', `/pieces/${id}`, { retailMinor: 259_000, place: 'safe' });
    expect(repriced.body).toMatchObject({ retailMinor: 259_000, place: 'safe' });
    const audit = await call('GET', `/audit?recordType=piece&recordId=${id}`, undefined, STAFF.owner.token);
    expect(audit.body.entries[0].changes).toEqual({ retailMinor: { before: 249_000, after: 259_000 }, place: { before: 'display_case', after: 'safe' } });
    expect((await call('PATCH', `/pieces/${id}`, { retailMinor: 1 }, STAFF.counter.token)).status).toBe(403);
  });

  it('keeps photos of a piece: checked to be the image they claim, the same photo once, read back byte for byte', async () => {
    const piece = (await call('POST', '/pieces', aPiece())).body;
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('a tiny stand-in for a photo of the ring')]);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const upload = (bytes: Buffer, type: string) => request(stack.api, 'POST', `/pieces/${piece.id}/photos`, { token: STAFF.counter.token, body: bytes, headers: { 'content-type': type } });

    const kept = await upload(jpeg, 'image/jpeg');
    expect(kept.status).toBe(201);
    expect(kept.body).toMatchObject({ contentType: 'image/jpeg', sizeBytes: jpeg.length, url: `/photos/${kept.body.id}`, uploadedBy: 'ana' });
    expect((await upload(jpeg, 'image/jpeg')).body.id).toBe(kept.body.id);
    const disguised = await upload(png, 'image/jpeg');
    expect([disguised.status, disguised.body.code, disguised.body.detectedType]).toEqual([400, 'PHOTO_CONTENT_INVALID', 'image/png']);
    expect((await call('POST', `/pieces/${piece.id}/photos`, { not: 'a photo' })).body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await upload(Buffer.alloc(16 * 1024 * 1024, 0xff), 'image/jpeg')).status).toBe(413);

    const photo = await request(stack.api, 'GET', kept.body.url, { token: STAFF.counter.token });
    expect([photo.status, photo.headers['content-type']]).toEqual([200, 'image/jpeg']);
    expect(Buffer.compare(photo.body, jpeg)).toBe(0);
    expect((await call('GET', `/pieces/${piece.id}`)).body.photos).toMatchObject([{ id: kept.body.id }]);
    expect((await request(stack.api, 'GET', kept.body.url)).status).toBe(401);
  });

  it('refuses negative weights and prices, fineness outside 0-1000 and unknown values with a 400 naming the field', async () => {
    const fieldsOf = async (overrides: Record<string, unknown>) => {
      const answer = await call('POST', '/pieces', aPiece(overrides));
      expect(answer.status).toBe(400);
      return answer.body.errors.map((error: { field: string }) => error.field);
    };
    expect(await fieldsOf({ weightGrams: -1 })).toEqual(['weightGrams']);
    expect(await fieldsOf({ costMinor: -5, retailMinor: 1.5 })).toEqual(['costMinor', 'retailMinor']);
    expect(await fieldsOf({ fineness: 1001 })).toEqual(['fineness']);
    expect(await fieldsOf({ category: 'spaceship', metal: 'mithril' })).toEqual(['category', 'metal']);
    expect(await fieldsOf({ stones: [{ type: 'ruby', carat: 0 }] })).toEqual(['stones.0.carat']);
    // Script tags and SQL are text: stored and returned as sent.
    const odd = `<script>alert(1)</script>'; drop table pieces; --`;
    const stored = await call('POST', '/pieces', aPiece({ description: odd }));
    expect((await call('GET', `/pieces/${stored.body.id}`)).body.description).toBe(odd);
  });

  it('prices metal by weight x fineness x the day’s price + making charge, from entered or imported prices', async () => {
    expect((await call('POST', '/metal-prices', { prices: [{ metal: 'gold', day: '2026-11-20', pricePerGramMinor: 8_000, currency: 'USD' }] }, STAFF.counter.token)).status).toBe(403);
    expect((await call('POST', '/metal-prices', { prices: [{ metal: 'gold', day: '2026-11-20', pricePerGramMinor: 8_000, currency: 'USD' }] })).status).toBe(201);
    const imported = await call('POST', '/metal-prices/import', { csv: 'day,metal,price_per_gram,currency\n2026-11-24,gold,81.25,USD\n2026-11-24,silver,0.98,usd\n' });
    expect(imported.body).toEqual({ recorded: 2 });
    const badCsv = await call('POST', '/metal-prices/import', { csv: 'day,metal,price_per_gram,currency\n2026-11-31,gold,81.25,USD\n2026-11-25,unobtainium,-3,USD' });
    expect(badCsv.status).toBe(400);
    expect(badCsv.body.errors.map((error: { field: string }) => error.field)).toEqual(['csv.line 2', 'csv.line 3']);

    // 3.42 g of 14k (585) at 81.25/g of pure gold = 162.56, + 150.00 making.
    const quote = await call('GET', '/metal-prices/quote?metal=gold&fineness=585&weightMg=3420&makingChargeMinor=15000&currency=USD&day=2026-11-25');
    expect(quote.body).toEqual({
      metal: 'gold',
      day: '2026-11-24',
      currency: 'USD',
      weightGrams: 3.42,
      fineness: 585,
      pricePerGramMinor: 8_125,
      metalValueMinor: Math.round(3.42 * 0.585 * 8_125),
      makingChargeMinor: 15_000,
      totalMinor: Math.round(3.42 * 0.585 * 8_125) + 15_000,
    });
    expect((await call('GET', '/metal-prices/quote?metal=platinum&fineness=950&weightMg=1000&currency=USD')).body.code).toBe('METAL_PRICE_NOT_FOUND');

    const metalPriced = await call('POST', '/pieces', aPiece({ makingChargeMinor: 15_000 }));
    expect(metalPriced.body.metalPrice).toMatchObject({ pricePerGramMinor: 8_125, makingChargeMinor: 15_000, weightGrams: 3.42, fineness: 585 });

    // A repair estimate's metal line is priced the same way, its inputs in its description.
    const customer = (await call('POST', '/customers', aCustomer())).body;
    const goldLine = { kind: 'metal', description: 'New 14k shank', quantity: 1, metalPricing: { metal: 'gold', fineness: 585, weightMg: 1_200, makingChargeMinor: 2_500 } };
    const taken = await call('POST', '/repairs', { customerId: customer.id, items: [{ itemDescription: 'Gold ring, thin shank', workRequested: 'Replace the shank', declaredValue: { amountMinor: 30_000, currency: 'USD' }, estimate: [goldLine] }] }, STAFF.counter.token);
    expect([taken.status, taken.body.errors]).toEqual([201, undefined]);
    const repair = (await call('GET', `/repairs/${taken.body.jobs[0].id}`, undefined, STAFF.counter.token)).body;
    const goldValue = Math.round(1.2 * 0.585 * 8_125);
    expect(repair.estimate.lines).toEqual([{ kind: 'metal', description: 'New 14k shank (1.200 g x 585/1000 x 81.25/g (2026-11-24) + 25.00 making)', quantity: 1, unitMinor: goldValue + 2_500 }]);
    expect(repair.estimate.totalMinor).toBe(goldValue + 2_500);
    const both = await call('POST', `/repairs/${repair.id}/estimate`, { lines: [{ ...goldLine, unitMinor: 100 }] }, STAFF.counter.token);
    expect([both.status, both.body.errors?.[0]?.field]).toEqual([400, 'lines.0.unitMinor']);
    const noPrice = await call('POST', `/repairs/${repair.id}/estimate`, { lines: [{ ...goldLine, metalPricing: { metal: 'palladium', fineness: 950, weightMg: 1_000 } }] }, STAFF.counter.token);
    expect([noPrice.status, noPrice.body.code]).toEqual([422, 'METAL_PRICE_MISSING']);
  });

  it('finds customers by misspelt name, phone in any format and email, and pieces by SKU, certificate and description, a page at a time', async () => {
    const rossi = (await call('POST', '/customers', aCustomer({ firstName: 'Maria', lastName: 'Rossi', phone: '+15557654321', email: 'maria.rossi@example.org' }))).body;
    await call('POST', '/customers', aCustomer({ firstName: 'John', lastName: 'Smith' }));
    const ids = async (url: string) => (await call('GET', url)).body.customers.map((hit: { id: string }) => hit.id);
    expect(await ids('/customers?q=Rosi')).toContain(rossi.id);
    expect(await ids('/customers?q=maria%20rosso')).toContain(rossi.id);
    expect(await ids(`/customers?q=${encodeURIComponent('(555) 765-4321')}`)).toEqual([rossi.id]);
    expect(await ids('/customers?q=765.4321')).toEqual([rossi.id]);
    expect(await ids('/customers?q=maria.rossi@')).toEqual([rossi.id]);
    expect(await ids('/customers?q=%25')).toEqual([]);

    const cert = await call('POST', '/pieces', aPiece({ sku: 'PD-SAPH-7', description: 'Platinum pendant with an oval sapphire', certificate: { lab: 'IGI', number: 'LG5551234' } }));
    const pieceIds = async (url: string) => {
      const answer = await call('GET', url);
      expect(answer.status).toBe(200);
      return answer.body.pieces.map((hit: { id: string }) => hit.id);
    };
    expect(await pieceIds('/pieces?q=pd-saph')).toEqual([cert.body.id]);
    expect(await pieceIds('/pieces?q=LG5551234')).toEqual([cert.body.id]);
    expect(await pieceIds('/pieces?q=saphire%20pendant')).toContain(cert.body.id);
    expect(await pieceIds('/pieces?q=saphire&status=sold')).toEqual([]);

    // Keyset pages: every piece exactly once, whatever the page size.
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { pieces: { id: string }[]; nextCursor: string | null } } = await call('GET', `/pieces?sort=alphabetical&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.body.pieces.map((hit) => hit.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe((await call('GET', '/pieces?limit=100')).body.pieces.length);
    expect((await call('GET', '/pieces?cursor=not-a-cursor')).body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'cursor' }] });
  });
});
