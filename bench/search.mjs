// Search at shop scale: 100,000 customers and 200,000 pieces seeded into the benchmark's database,
// each query measured through the API and, in the same run, as the same SQL sent straight to PostgreSQL.
import pg from 'pg';
import { CustomerSearch } from '../dist/src/search/customer-search.service.js';
import { PieceSearch } from '../dist/src/search/piece-search.service.js';
import { MAIN_STORE_ID } from '../dist/src/stores/store.entity.js';
import { latencySummary, timed } from './stats.mjs';

export const SEARCH_COUNTS = { customers: 100_000, pieces: 200_000, samplesPerQuery: 100 };

const FIRST = ['Maria', 'John', 'Aisha', 'Chen', 'Olivia', 'Luca', 'Fatima', 'James', 'Sofia', 'Noah', 'Priya', 'Mateo', 'Emma', 'Yusuf', 'Grace', 'Diego', 'Hana', 'Liam', 'Zoe', 'Omar'];
const LAST = ['Rossi', 'Smith', 'Nguyen', 'Garcia', 'Müller', 'Okafor', 'Kowalski', 'Johansson', 'Haddad', 'Tanaka', 'Silva', 'Dubois', 'Novak', 'Cohen', 'Patel', 'Ferrari', 'Brown', 'Ivanova', 'Moreau', 'Lopez'];
const PIECE_WORDS = {
  metal: ['14k yellow gold', '18k white gold', 'platinum', 'sterling silver', '14k rose gold', 'palladium'],
  stone: ['round diamond', 'oval sapphire', 'emerald-cut emerald', 'pear ruby', 'cushion morganite', 'akoya pearl', 'princess diamond'],
  kind: ['solitaire ring', 'halo ring', 'tennis bracelet', 'drop earrings', 'pendant', 'eternity band', 'signet ring', 'chain necklace'],
};

/** Seeds the customers and pieces in SQL (seconds, not hours), then vacuums and analyzes them. */
async function seed(client) {
  await client.query(
    `insert into customers (id, first_name, last_name, phone, email, preferred_channel, language, sms_consent, email_consent, preferences, sizes, created_at, updated_at)
     select gen_random_uuid(), ($1::text[])[1 + i % 20],
            case when i % 3 = 0 then ($2::text[])[1 + (i / 20) % 20] else initcap(substr(md5(i::text), 1, 3) || ($2::text[])[1 + (i / 7) % 20]) end,
            '+1555' || lpad(i::text, 7, '0'), 'customer' || i || '@example.com', 'sms', 'en', true, false, '{}', '{}',
            now() - make_interval(mins => i), now()
       from generate_series(1, $3::int) as i`,
    [FIRST, LAST, SEARCH_COUNTS.customers],
  );
  await client.query(
    `insert into pieces (id, store_id, sku, description, category, currency, place, status, status_since, created_at, updated_at, certificate_lab, certificate_number)
     select gen_random_uuid(), $1, 'SKU-' || lpad(i::text, 6, '0'),
            ($2::text[])[1 + i % 6] || ' ' || ($3::text[])[1 + (i / 6) % 7] || ' ' || ($4::text[])[1 + (i / 42) % 8],
            'ring', 'USD', 'safe', case when i % 5 = 0 then 'sold' else 'available' end, now(), now() - make_interval(mins => i), now(),
            case when i % 4 = 0 then 'GIA' end, case when i % 4 = 0 then 'GIA' || (2100000000 + i) end
       from generate_series(1, $5::int) as i`,
    [MAIN_STORE_ID, PIECE_WORDS.metal, PIECE_WORDS.stone, PIECE_WORDS.kind, SEARCH_COUNTS.pieces],
  );
  // As autovacuum leaves a live database: statistics fresh, the GIN indexes' pending lists merged.
  for (const table of ['customers', 'pieces', 'search_words']) await client.query(`vacuum analyze ${table}`);
}

/** The statements a search sends (the dictionary lookup, then the page), taken from the app's own search code run against the same database. */
async function statementsOf(search, client) {
  const statements = [];
  const em = {
    fork: () => em,
    async execute(sql, params) {
      let n = 0;
      const statement = { text: sql.replace(/\?/g, () => `$${++n}`), values: params };
      statements.push(statement);
      return (await client.query(statement)).rows;
    },
  };
  await search(em);
  return statements;
}

async function runAll(client, statements) {
  for (const statement of statements) await client.query(statement);
}

export async function measureSearch({ databaseUrl, call }) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const seeded = await timed(() => seed(client));
    const owner = { id: 'bench', name: 'bench', role: 'owner', stores: 'all' };
    const queries = [
      { name: 'customers, misspelt name ("Maria Rosi")', path: () => '/customers?q=maria%20rosi', search: { kind: 'customers', q: 'maria rosi' } },
      { name: 'customers, phone as typed ("(555) 004-2117")', path: () => `/customers?q=${encodeURIComponent('(555) 004-2117')}`, search: { kind: 'customers', q: '(555) 004-2117' } },
      { name: 'customers, part of an email ("customer4211@")', path: () => '/customers?q=customer4211%40', search: { kind: 'customers', q: 'customer4211@' } },
      { name: 'pieces, part of a SKU ("sku-1234")', path: () => '/pieces?q=sku-1234', search: { kind: 'pieces', q: 'sku-1234' } },
      { name: 'pieces, misspelt words ("saphire pendent")', path: () => '/pieces?q=saphire%20pendent', search: { kind: 'pieces', q: 'saphire pendent' } },
      { name: 'pieces, certificate number ("GIA2100004")', path: () => '/pieces?q=GIA2100004', search: { kind: 'pieces', q: 'GIA2100004' } },
      { name: 'pieces, one word in half the stock ("gold")', path: () => '/pieces?q=gold', search: { kind: 'pieces', q: 'gold' } },
    ];
    const results = [];
    for (const query of queries) {
      const statements = await statementsOf((em) =>
        query.search.kind === 'customers'
          ? new CustomerSearch(em).search({ q: query.search.q, limit: 25 })
          : new PieceSearch(em).search(owner, { q: query.search.q, limit: 25 }),
        client,
      );
      // Warm-up: plans cached, pages in memory, for both paths alike.
      for (let i = 0; i < 5; i += 1) await Promise.all([call('GET', query.path()), runAll(client, statements)]);
      const api = [];
      const raw = [];
      let hits = 0;
      for (let i = 0; i < SEARCH_COUNTS.samplesPerQuery; i += 1) {
        const viaApi = await timed(() => call('GET', query.path()));
        api.push(viaApi.ms);
        hits = (viaApi.value.customers ?? viaApi.value.pieces).length;
        raw.push((await timed(() => runAll(client, statements))).ms);
      }
      results.push({ name: query.name, hits, api: latencySummary(api), raw: latencySummary(raw) });
    }
    return { seedMs: seeded.ms, queries: results };
  } finally {
    await client.end();
  }
}
