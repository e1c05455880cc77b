import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { JobKind } from '../../../workflows/shared/job-model.js';
import type { StaffMember } from '../../platform/auth/staff-auth.guard.js';
import { todayIn } from '../../platform/time/shop-calendar.js';
import { managerError } from '../manager-errors.js';
import { type StoreScope, storeCondition, storeScopeOf } from '../manager-scope.js';
import { type ReportPeriod, periodOf } from './report-period.js';

/** What a dashboard covers: the stores (the viewer's, or the one asked for) and a kind of job, or both kinds. */
export interface ReportScope {
  stores: StoreScope;
  kind: JobKind | null;
}

/** A `where` fragment for a store column and, when one kind is asked for, a kind column. */
export function scopeCondition(scope: ReportScope, storeColumn: string, kindColumn: string): { sql: string; params: string[] } {
  const stores = storeCondition(scope.stores, storeColumn);
  if (!scope.kind) return stores;
  return { sql: `${stores.sql} and ${kindColumn} = ?`, params: [...stores.params, scope.kind] };
}

/**
 * The rollups that count each fact for its store and again for every store (durations, quality
 * checks) keep the latter under this store id, the nil UUID (no store has it): an owner's view of
 * the whole chain reads those rows alone.
 */
export const EVERY_STORE = '00000000-0000-0000-0000-000000000000';

/** A scope condition for those rollups: the every-store rows for every store, else the stores' own rows (never both). */
export function rollupCondition(scope: ReportScope, storeColumn: string, kindColumn: string): { sql: string; params: string[] } {
  if (scope.stores.stores !== 'all') return scopeCondition(scope, storeColumn, kindColumn);
  return scopeCondition({ stores: { stores: [EVERY_STORE] }, kind: scope.kind }, storeColumn, kindColumn);
}

/** Resolves a dashboard's scope (404 for a store the viewer does not work in) and its period. */
@Injectable()
export class ReportScopes {
  constructor(private readonly em: EntityManager) {}

  scopeOf(viewer: StaffMember, query: { storeId?: string; kind?: JobKind }): ReportScope {
    // The rollups' every-store key is no store anyone can ask for.
    if (query.storeId === EVERY_STORE) throw managerError('STORE_NOT_FOUND', `No store with id ${query.storeId}.`);
    return { stores: storeScopeOf(viewer, query.storeId), kind: query.kind ?? null };
  }

  /** The period asked for; its defaults end "today" in the scope's stores (the latest of their todays, so no store's today is left out). */
  async periodOf(scope: ReportScope, query: { from?: string; to?: string }, now = new Date()): Promise<ReportPeriod> {
    if (query.from && query.to) return periodOf(query, todayIn('UTC', now));
    const stores = storeCondition(scope.stores, 'id');
    const zones = await this.em.getConnection().execute<{ time_zone: string }[]>(`select distinct time_zone from stores where ${stores.sql}`, stores.params);
    const todays = zones.map(({ time_zone }) => safeToday(time_zone, now));
    return periodOf(query, todays.length === 0 ? todayIn('UTC', now) : todays.sort().at(-1)!);
  }
}

function safeToday(timeZone: string, now: Date): string {
  try {
    return todayIn(timeZone, now);
  } catch {
    return todayIn('UTC', now);
  }
}

/** The scope as a response states it. */
export function scopeView(scope: ReportScope): { allStores: boolean; storeIds: string[]; kind: JobKind | null } {
  const { stores } = scope.stores;
  return { allStores: stores === 'all', storeIds: stores === 'all' ? [] : stores, kind: scope.kind };
}
