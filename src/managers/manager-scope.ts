import { type StaffMember, worksIn } from '../platform/auth/staff-auth.guard.js';
import { managerError } from './manager-errors.js';

/** The stores a report covers: the one asked for (404 unless the viewer works there), else every store the viewer works in. */
export type StoreScope = { stores: 'all' } | { stores: string[] };

export function storeScopeOf(viewer: StaffMember, storeId?: string): StoreScope {
  if (storeId) {
    // Another store's data looks exactly like a store that does not exist.
    if (!worksIn(viewer, storeId)) throw managerError('STORE_NOT_FOUND', `No store with id ${storeId}.`);
    return { stores: [storeId] };
  }
  return { stores: viewer.stores };
}

/**
 * A `where` fragment limiting `column` to the scope's stores, with its parameters (`?` placeholders:
 * values are never written into SQL).
 */
export function storeCondition(scope: StoreScope, column: string): { sql: string; params: string[] } {
  if (scope.stores === 'all') return { sql: 'true', params: [] };
  if (scope.stores.length === 0) return { sql: 'false', params: [] };
  return { sql: `${column} in (${scope.stores.map(() => '?::uuid').join(', ')})`, params: scope.stores };
}
