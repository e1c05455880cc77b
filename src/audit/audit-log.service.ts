import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { StaffMember } from '../platform/auth/staff-auth.guard.js';
import { AuditEntry } from './audit-entry.entity.js';

export interface AuditFilters {
  recordType?: string;
  recordId?: string;
  storeId?: string;
  /** Entries written before this one (its `seq`): the previous page's cursor. */
  cursor?: number;
}

/** Reads the audit trail for managers: an owner reads all of it, a manager their stores' entries. */
@Injectable()
export class AuditLog {
  constructor(private readonly em: EntityManager) {}

  list(caller: StaffMember, filters: AuditFilters, limit: number): Promise<AuditEntry[]> {
    const where: FilterQuery<AuditEntry> = {
      ...(filters.recordType ? { recordType: filters.recordType } : {}),
      ...(filters.recordId ? { recordId: filters.recordId } : {}),
      ...(filters.cursor ? { seq: { $lt: filters.cursor } } : {}),
    };
    const stores = caller.stores === 'all' ? (filters.storeId ? [filters.storeId] : undefined) : caller.stores.filter((id) => !filters.storeId || id === filters.storeId);
    if (stores) where.storeId = { $in: stores };
    return this.em.fork().find(AuditEntry, where, { orderBy: { seq: 'desc' }, limit });
  }
}
