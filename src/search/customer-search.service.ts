import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type SearchPage, type SearchPlan, type SearchSort, allWordsIn, digitsOf, escapeLike, searchPage } from './record-search.js';

export interface CustomerHit {
  id: string;
  first_name: string;
  last_name: string;
  phone: string;
  email: string | null;
  created_at: Date;
  score: number;
}

const NAME = `lower(first_name || ' ' || last_name)`;

/**
 * Customers by name (typo-tolerant: "Rosi" finds Rossi), phone number in any common format
 * (at least 4 digits), or email; merged records are left out. Trigram indexes serve each part.
 */
@Injectable()
export class CustomerSearch {
  constructor(private readonly em: EntityManager) {}

  search(query: { q?: string; sort?: SearchSort; limit: number; cursor?: string }): Promise<SearchPage<CustomerHit>> {
    const text = query.q?.trim().toLowerCase() ?? '';
    const digits = digitsOf(text);
    const byPhone = digits.length >= 4;
    const name = allWordsIn(NAME, text);
    const where: SearchPlan['where'] = text
      ? [
          `merged_into is null and (${name.where[0]} or email ilike ? ${byPhone ? 'or phone like ?' : ''})`,
          [...name.where[1], `%${escapeLike(text)}%`, ...(byPhone ? [`%${digits}%`] : [])],
        ]
      : ['merged_into is null', []];
    const score: SearchPlan['score'] = text
      ? [`greatest(${name.score[0]}, case when email ilike ? then 0.9 else 0 end ${byPhone ? ', case when phone like ? then 1 else 0 end' : ''})`, [...name.score[1], `${escapeLike(text)}%`, ...(byPhone ? [`%${digits}%`] : [])]]
      : ['0', []];
    return searchPage<CustomerHit>(
      this.em.fork(),
      { table: 'customers', columns: 'id, first_name, last_name, phone, email, created_at', where, score, alphabetical: `lower(last_name || ' ' || first_name)` },
      query.sort ?? (text ? 'relevance' : 'alphabetical'),
      query.limit,
      query.cursor,
    );
  }
}
