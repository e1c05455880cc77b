import { MikroORM } from '@mikro-orm/postgresql';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Customer } from '../customers/customer.entity.js';
import { mikroOrmOptions } from '../platform/database/mikro-orm.options.js';
import { MAIN_STORE_ID } from '../stores/store.entity.js';
import { StartupError } from './log.js';

/** The first demo customer: the one the banner's example commands use. */
export const DEMO_CUSTOMER = {
  firstName: 'Demo',
  lastName: 'Customer',
  // 555-01xx numbers are fictional: never anyone's phone.
  phone: '+15555550100',
  email: 'demo@example.com',
} as const;

export interface DemoStaffMember {
  name: string;
  role: string;
  store: string;
  email: string;
  password: string;
}

export interface DemoShop {
  demoCustomerId: string;
  staff: DemoStaffMember[];
}

const FIRST_NAMES = ['Maria', 'James', 'Aisha', 'Chen', 'Olivia', 'Luca', 'Fatima', 'Noah', 'Priya', 'Mateo', 'Emma', 'Yusuf', 'Grace', 'Diego', 'Hana', 'Liam', 'Zoe', 'Omar', 'Ines', 'Theo', 'Nadia', 'Felix', 'Rosa', 'Ivan', 'Leila'];
const LAST_NAMES = ['Rossi', 'Smith', 'Nguyen', 'Garcia', 'Okafor', 'Kowalski', 'Johansson', 'Haddad', 'Tanaka', 'Silva'];
const PIECES = [
  { description: '14k yellow gold solitaire, 0.50 ct round diamond', category: 'ring', metal: 'gold', fineness: 585, retailMinor: 249_000 },
  { description: 'Platinum halo engagement ring, 1.00 ct oval diamond', category: 'ring', metal: 'platinum', fineness: 950, retailMinor: 899_000 },
  { description: 'Sterling silver curb chain, 50 cm', category: 'chain', metal: 'silver', fineness: 925, retailMinor: 12_900 },
  { description: '18k white gold sapphire drop earrings', category: 'earrings', metal: 'gold', fineness: 750, retailMinor: 189_000 },
  { description: '14k rose gold tennis bracelet, 2.00 ctw', category: 'bracelet', metal: 'gold', fineness: 585, retailMinor: 329_000 },
  { description: 'Akoya pearl pendant on 18k yellow gold', category: 'pendant', metal: 'gold', fineness: 750, retailMinor: 79_000 },
  { description: 'Vintage 18k gold signet ring, engraved crest', category: 'ring', metal: 'gold', fineness: 750, retailMinor: 145_000 },
  { description: 'Loose 1.20 ct cushion-cut sapphire', category: 'loose_stone', metal: undefined, fineness: undefined, retailMinor: 420_000 },
];
const REPAIR_ITEMS = [
  { itemDescription: 'Yellow gold wedding band, worn', workRequested: 'Size from 7 to 6.5' },
  { itemDescription: 'White gold solitaire, loose prong', workRequested: 'Retip four prongs and clean' },
  { itemDescription: 'Silver charm bracelet, broken clasp', workRequested: 'Replace the lobster clasp' },
  { itemDescription: 'Pearl necklace, stretched silk', workRequested: 'Restring on silk with knots' },
  { itemDescription: 'Rose gold chain, broken link', workRequested: 'Solder the broken link' },
  { itemDescription: 'Vintage watch, stopped', workRequested: 'Service the movement' },
];

/**
 * A living demo shop for an empty database, made through the API like any shop (so everything in
 * it passed the same validation): a second store, staff of every role in each, 50 customers,
 * 200 pieces and repairs spread over their stages. The staff's sign-ins are kept in
 * `<stateDir>/demo-shop.json` (readable by you only) and printed at every start.
 */
export async function ensureDemoShop(options: { databaseUrl: string; apiUrl: string; ownerKey: string; stateDir: string; log: (line: string) => void }): Promise<DemoShop | undefined> {
  const file = join(options.stateDir, 'demo-shop.json');
  const saved = await readFile(file, 'utf8').then((text) => JSON.parse(text) as DemoShop, () => undefined);
  const customers = await countCustomers(options.databaseUrl);
  if (saved && customers > 0) return saved;
  if (customers > 0) return undefined;

  const call = apiClient(options.apiUrl);
  const owner = options.ownerKey;
  options.log('Loading the demo shop (two stores, staff of every role, 50 customers, 200 pieces, repairs at every stage)...');
  const uptown = await call('POST', '/stores', owner, { code: 'UPT', name: 'Uptown', timeZone: 'America/Chicago', currency: 'USD', phone: '+15555550199' });
  const stores = [
    { id: MAIN_STORE_ID, code: 'MAIN' },
    { id: uptown.id as string, code: 'UPT' },
  ];

  const staff: DemoStaffMember[] = [];
  const tokens: Record<string, { id: string; token: string }> = {};
  for (const store of stores) {
    for (const [role, name] of [['manager', 'Manon'], ['associate', 'Ari'], ['bench_jeweler', 'Bea'], ['bench_jeweler', 'Basil']] as const) {
      const person = `${name} ${store.code === 'MAIN' ? 'Main' : 'Uptown'}`;
      const email = `${name.toLowerCase()}.${store.code.toLowerCase()}@atelier.local`;
      const password = `demo ${name.toLowerCase()} ${store.code.toLowerCase()} passphrase`;
      const added = await call('POST', '/staff', owner, { email, name: person, role, storeIds: [store.id] });
      await call('POST', '/auth/password-reset/confirm', undefined, { token: new URL(added.passwordSetupLink).hash.replace('#token=', ''), newPassword: password });
      const signedIn = await call('POST', '/auth/login', undefined, { email, password });
      // Demo tokens outlive the loading: an hour at most, never written down.
      tokens[`${store.code}:${role}:${name}`] = { id: added.account.id, token: signedIn.accessToken };
      staff.push({ name: person, role, store: store.code, email, password });
    }
  }

  const customerIds: string[] = [(await call('POST', '/customers', owner, DEMO_CUSTOMER)).id];
  for (let i = 1; i < 50; i += 1) {
    const first = FIRST_NAMES[i % FIRST_NAMES.length];
    const last = LAST_NAMES[(i * 7) % LAST_NAMES.length];
    const customer = await call('POST', '/customers', owner, {
      firstName: first,
      lastName: last,
      phone: `+1555555${String(100 + i).padStart(4, '0')}`,
      email: `${first}.${last}.${i}@example.com`.toLowerCase(),
      emailConsent: i % 2 === 0,
      // Some prefer email: their notices show as [email] lines, at any hour (texts wait out quiet hours).
      ...(i % 4 === 0 ? { preferredChannel: 'email' } : {}),
      sizes: i % 3 === 0 ? { rings: [{ finger: 'left_ring', us: 5 + (i % 8) / 2 }] } : undefined,
    });
    customerIds.push(customer.id);
  }

  for (let i = 0; i < 200; i += 1) {
    const template = PIECES[i % PIECES.length];
    const store = stores[i % 2];
    await call('POST', '/pieces', owner, {
      storeId: store.id,
      sku: `${store.code}-${String(1000 + i)}`,
      description: template.description,
      category: template.category,
      ...(template.metal ? { metal: template.metal, fineness: template.fineness, weightGrams: 2 + (i % 9) * 0.75 } : {}),
      retailMinor: template.retailMinor,
      costMinor: Math.round(template.retailMinor * 0.45),
      currency: 'USD',
      place: i % 3 === 0 ? 'safe' : 'display_case',
      ...(i % 4 === 0 ? { certificate: { lab: 'GIA', number: String(2_141_000_000 + i) } } : {}),
    });
  }

  // Repairs at every stage, in both stores: received, awaiting approval, at the bench, in QC, ready, picked up.
  const stagesReached = ['approved', 'awaiting_approval', 'in_work', 'quality_check', 'ready_for_pickup', 'picked_up'];
  for (let i = 0; i < 24; i += 1) {
    const store = stores[i % 2];
    const jeweler = tokens[`${store.code}:bench_jeweler:Bea`];
    const checker = tokens[`${store.code}:manager:Manon`];
    const counter = tokens[`${store.code}:associate:Ari`];
    const item = REPAIR_ITEMS[i % REPAIR_ITEMS.length];
    const target = stagesReached[i % stagesReached.length];
    const priceMinor = target === 'awaiting_approval' ? 18_500 : 4_500;
    const ticket = await call('POST', '/repairs', counter.token, {
      storeId: store.id,
      customerId: customerIds[i % customerIds.length],
      items: [{ ...item, declaredValue: { amountMinor: 30_000 + i * 2_500, currency: 'USD' }, estimate: [{ kind: 'labour', description: item.workRequested, quantity: 1, unitMinor: priceMinor }] }],
    });
    const repairId = ticket.jobs[0].id as string;
    if (target === 'approved' || target === 'awaiting_approval') continue;
    await call('POST', `/repairs/${repairId}/assign`, counter.token, { jewelerId: jeweler.id });
    if (target === 'in_work') continue;
    await call('POST', `/repairs/${repairId}/work-finished`, jeweler.token, { note: 'Done as asked' });
    if (target === 'quality_check') continue;
    await call('POST', `/repairs/${repairId}/quality-check/pass`, checker.token, {});
    if (target === 'ready_for_pickup') continue;
    await call('POST', `/repairs/${repairId}/pickup`, counter.token, {
      payments: [{ kind: 'balance', amount: { amountMinor: priceMinor, currency: 'USD' }, method: 'card' }],
      confirmation: { typedName: 'Demo signature' },
      idChecked: true,
    });
  }

  const shop: DemoShop = { demoCustomerId: customerIds[0], staff };
  await writeFile(file, `${JSON.stringify(shop, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return shop;
}

async function countCustomers(databaseUrl: string): Promise<number> {
  const orm = await MikroORM.init(mikroOrmOptions(databaseUrl));
  try {
    return await orm.em.fork().count(Customer);
  } finally {
    await orm.close(true);
  }
}

function apiClient(apiUrl: string) {
  return async (method: string, path: string, token: string | undefined, body?: unknown) => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok) throw new StartupError(`Loading the demo shop failed: ${method} ${path} answered ${response.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as any;
  };
}
