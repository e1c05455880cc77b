import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { DomainError } from '../errors/domain-error.js';
import type { StaffMember } from './staff-auth.guard.js';

/** Finds staff members by id: whom a job may be assigned to, who may hold a piece. */
@Injectable()
export class StaffDirectory {
  private readonly byId: Map<string, StaffMember>;

  constructor(config: AppConfig) {
    this.byId = new Map(config.staff.map(({ name, role }) => [`staff:${name}`, { id: `staff:${name}`, name, role }]));
  }

  require(id: string, field: string): StaffMember {
    const member = this.byId.get(id);
    if (!member) throw new DomainError('not_found', 'STAFF_NOT_FOUND', `No staff member with id ${id} (${field}).`, { field });
    return member;
  }
}
