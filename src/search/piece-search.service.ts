import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { StaffMember } from '../platform/auth/staff-auth.guard.js';
import { escapeLike } from './customer-search.service.js';
import { type SearchPage, type SearchPlan, type SearchSort, allWordsIn, searchPage } from './record-search.js';

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

/**
 * Pieces by SKU or certificate number (in part), or words of the description (typo-tolerant),
 * within the caller's stores, filtered by store, status and category.
 */
@Injectable()
export class PieceSearch {
  constructor(private readonly em: EntityManager) {}

  search(viewer: StaffMember, query: PieceSearchQuery): Promise<SearchPage<PieceHit>> {
    const text = query.q?.trim().toLowerCase() ?? '';
    const filters: string[] = [];
    const params: unknown[] = [];
    const stores = viewer.stores === 'all' ? (query.storeId ? [query.storeId] : undefined) : viewer.stores.filter((id) => !query.storeId || id === query.storeId);
    if (stores) filters.push(stores.length > 0 ? `store_id in (${stores.map(() => '?').join(', ')})` : 'false'), params.push(...stores);
    if (query.status) filters.push('status = ?'), params.push(query.status);
    if (query.category) filters.push('category = ?'), params.push(query.category);
    const description = allWordsIn('lower(description)', text);
    if (text) {
      const like = `%${escapeLike(text)}%`;
      filters.push(`(lower(sku) like ? or lower(certificate_number) like ? or ${description.where[0]})`);
      params.push(like, like, ...description.where[1]);
    }
    const score: SearchPlan['score'] = text
      ? [
          `greatest(case when lower(sku) = ? or lower(certificate_number) = ? then 1 when lower(sku) like ? then 0.95 else 0 end, ${description.score[0]})`,
          [text, text, `${escapeLike(text)}%`, ...description.score[1]],
        ]
      : ['0', []];
    return searchPage<PieceHit>(
      this.em.fork(),
      {
        table: 'pieces',
        columns: 'id, store_id, sku, description, category, status, certificate_number, retail_minor, currency, created_at',
        where: [filters.length > 0 ? filters.join(' and ') : 'true', params],
        score,
        alphabetical: 'lower(sku)',
      },
      query.sort ?? (text ? 'relevance' : 'recent'),
      query.limit,
      query.cursor,
    );
  }
}
