import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { StaffMember } from '../platform/auth/staff-auth.guard.js';
import { isUuid } from '../platform/http/uuid.js';
import { StaffAccount } from './staff-account.entity.js';
import { staffError } from './staff-errors.js';

/** Finds the staff member a request names: whom a job may be assigned to, who may hold a piece. */
@Injectable()
export class StaffDirectory {
  constructor(private readonly em: EntityManager) {}

  /** An active staff member who works in the store (owners work in all); any store when none is named. */
  async require(id: string, field: string, storeId?: string): Promise<StaffMember> {
    const account = isUuid(id) ? await this.em.fork().findOne(StaffAccount, { id, active: true }) : null;
    if (!account) throw staffError('STAFF_NOT_FOUND', `No staff member with id ${id} (${field}).`, { field });
    if (storeId !== undefined && account.role !== 'owner' && !account.storeIds.includes(storeId)) {
      throw staffError('STAFF_NOT_IN_STORE', `${account.name} does not work in this job's store (${field}).`, { field });
    }
    return { id: account.id, name: account.name, role: account.role, stores: account.role === 'owner' ? 'all' : account.storeIds };
  }
}
