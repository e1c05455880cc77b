import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { StaffMember } from '../platform/auth/staff-auth.guard.js';
import { type SearchPage, type SearchPlan, type SearchSort, escapeLike, searchPage } from './record-search.js';

export interface PieceHit {
  id: string;
  store_id: string;
  sku: string;
  description: string;
  category: string;
  status: string;
  certificate_number: string | null;
  retail_minor: number | null;
  currency: string;
  created_at: Date;
  score: number;
}

export interface PieceSearchQuery {
  q?: string;
  storeId?: string;
  status?: string;
  category?: string;
  sort?: SearchSort;
  limit: number;
  cursor?: string;
}

/** Relevance ranks the newest this many matching pieces; the rest are a narrower query or `sort=recent` away. */
export const RANKED_MATCHES = 2_000;

/**
 * Pieces by SKU or certificate number (in part), or words of the description (typo-tolerant),
 * within the caller's stores, filtered by store, status and category.
 */
@Injectable()
export class PieceSearch {
  constructor(private readonly em: EntityManager) {}

  async search(viewer: StaffMember, query: PieceSearchQuery): Promise<SearchPage<PieceHit>> {
    const text = query.q?.trim().toLowerCase() ?? '';
    const filters: string[] = [];
    const params: unknown[] = [];
    const stores = viewer.stores === 'all' ? (query.storeId ? [query.storeId] : undefined) : viewer.stores.filter((id) => !query.storeId || id === query.storeId);
    if (stores) filters.push(stores.length > 0 ? `store_id in (${stores.map(() => '?').join(', ')})` : 'false'), params.push(...stores);
    if (query.status) filters.push('status = ?'), params.push(query.status);
    if (query.category) filters.push('category = ?'), params.push(query.category);
    const em = this.em.fork();
    const description = text ? await wordsMeant(em, text) : undefined;
    // SKUs and certificate numbers have no spaces: words with spaces are looked for in descriptions only.
    const oneToken = !/\s/.test(text);
    if (text) {
      const like = `%${escapeLike(text)}%`;
      const ways = [...(oneToken ? ['lower(sku) like ?', 'lower(certificate_number) like ?'] : []), ...(description ? [`description_search @@ to_tsquery('simple', ?)`] : [])];
      filters.push(ways.length > 0 ? `(${ways.join(' or ')})` : 'false');
      params.push(...(oneToken ? [like, like] : []), ...(description ? [description] : []));
    }
    // ts_rank, not ts_rank_cd: a third of the cost per matching row, and descriptions are short.
    const descriptionRank = description ? [`ts_rank(description_search, to_tsquery('simple', ?))`, [description]] as const : undefined;
    const codeRank = oneToken ? [`case when lower(sku) = ? or lower(certificate_number) = ? then 1 when lower(sku) like ? then 0.95 else 0 end`, [text, text, `${escapeLike(text)}%`]] as const : undefined;
    const ranks = [codeRank, descriptionRank].filter((rank) => rank !== undefined);
    const score: SearchPlan['score'] = text && ranks.length > 0 ? [`greatest(${ranks.map(([sql]) => sql).join(', ')})`, ranks.flatMap(([, values]) => values)] : ['0', []];
    return searchPage<PieceHit>(
      em,
      {
        table: 'pieces',
        columns: 'id, store_id, sku, description, category, status, certificate_number, retail_minor, currency, created_at',
        where: [filters.length > 0 ? filters.join(' and ') : 'true', params],
        score,
        alphabetical: 'lower(sku)',
        rankNewest: RANKED_MATCHES,
      },
      query.sort ?? (text ? 'relevance' : 'recent'),
      query.limit,
      query.cursor,
    );
  }
}

/**
 * The full-text query for the words typed: each word as a prefix, or any dictionary word close to
 * it (a typo or two), with every word present: `saphire pendent` finds "oval sapphire pendant".
 * One query looks up all the words.
 */
async function wordsMeant(em: EntityManager, text: string): Promise<string | undefined> {
  const typed = [...new Set(text.split(/[^\p{L}\p{N}]+/u).filter(Boolean))].slice(0, 6);
  if (typed.length === 0) return undefined;
  const close = await em.execute<{ typed: string; word: string }[]>(
    `select w.typed, s.word from unnest(string_to_array(?, ' ')) as w(typed)
       cross join lateral (select word from search_words where word % w.typed order by similarity(word, w.typed) desc, word limit 5) s`,
    [typed.join(' ')],
  );
  return typed
    .map((word) => `(${[`${lexeme(word)}:*`, ...close.filter((row) => row.typed === word).map((row) => lexeme(row.word))].join(' | ')})`)
    .join(' & ');
}

/** A word quoted for to_tsquery: its own quotes and backslashes escaped. */
function lexeme(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
