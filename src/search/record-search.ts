import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeKeysetCursor, encodeKeysetCursor } from '../platform/database/keyset-cursor.js';

export const SEARCH_SORTS = ['relevance', 'recent', 'alphabetical'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export interface SearchPage<Row> {
  rows: Row[];
  nextCursor: string | null;
}

/**
 * One keyset-paged search over a table. The SQL is assembled from the fixed fragments of a plan
 * written in code; every value a client sent is a bound parameter.
 */
export interface SearchPlan {
  table: string;
  /** The columns the page returns (must include id and created_at). */
  columns: string;
  where: [sql: string, params: unknown[]];
  /** Relevance in 0..1. */
  score: [sql: string, params: unknown[]];
  /** The key of the alphabetical sort (e.g. a lower-cased name). */
  alphabetical: string;
  /**
   * Relevance ranks at most this many matches, the newest first (by created_at, indexed): a word
   * found in most of the table answers at once instead of ranking every row. Unset: rank all.
   */
  rankNewest?: number;
}

const isNumber = (key: unknown): key is number => typeof key === 'number';
const isText = (key: unknown): key is string => typeof key === 'string';

const SORT_KEYS: Record<SearchSort, { key: string; direction: 'asc' | 'desc'; isKey: (key: unknown) => key is string | number }> = {
  relevance: { key: 'score', direction: 'desc', isKey: isNumber },
  recent: { key: `to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`, direction: 'desc', isKey: isText },
  alphabetical: { key: 'alpha', direction: 'asc', isKey: isText },
};

export async function searchPage<Row extends { id: string }>(em: EntityManager, plan: SearchPlan, sort: SearchSort, limit: number, cursor?: string): Promise<SearchPage<Row>> {
  const order = SORT_KEYS[sort];
  const position = cursor ? decodeKeysetCursor(cursor, order.isKey) : undefined;
  const beyond = order.direction === 'asc' ? '>' : '<';
  const [scoreSql, scoreParams] = plan.score;
  const [whereSql, whereParams] = plan.where;
  const capped = sort === 'relevance' && plan.rankNewest !== undefined;
  const candidates = capped
    ? `(select * from ${plan.table} where ${whereSql} order by created_at desc, id desc limit ${Math.trunc(plan.rankNewest!)})`
    : `(select * from ${plan.table} where ${whereSql})`;
  // Scores are float8: PostgreSQL prints them exactly as JavaScript reads them, so a cursor carries them exactly.
  const sql = `select * from (
      select *, ${order.key} as sort_key from (
        select ${plan.columns}, (${scoreSql})::float8 as score, ${plan.alphabetical} as alpha
          from ${candidates} as candidates
      ) matched
    ) keyed
    ${position ? `where (sort_key, id) ${beyond} (?, ?::uuid)` : ''}
    order by sort_key ${order.direction}, id ${order.direction}
    limit ?`;
  const params = [...scoreParams, ...whereParams, ...(position ? [position[0], position[1]] : []), limit + 1];
  const rows = await em.execute<(Row & { sort_key: string | number })[]>(sql, params);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeKeysetCursor([last.sort_key, last.id]) : null };
}

/**
 * Every word of the query is in the text, each allowing a typo or two (trigram word similarity,
 * `<%`, served by a gin_trgm_ops index), in any order; the score is the words' mean similarity.
 */
export function allWordsIn(expression: string, text: string): { where: [string, unknown[]]; score: [string, unknown[]] } {
  const words = text.split(/\s+/).filter(Boolean).slice(0, 6);
  if (words.length === 0) return { where: ['false', []], score: ['0', []] };
  return {
    where: [`(${words.map(() => `? <% ${expression}`).join(' and ')})`, words],
    score: [`((${words.map(() => `word_similarity(?, ${expression})`).join(' + ')}) / ${words.length})`, words],
  };
}

/** A LIKE pattern matches the text as typed: `%` and `_` in it are not wildcards. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** The digits of a phone number typed in any common format: `(555) 123-4567` is `5551234567`. */
export function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}
