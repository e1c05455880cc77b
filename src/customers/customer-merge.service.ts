import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditTrail, auditActorOf } from '../audit/audit-trail.service.js';
import type { StaffMember } from '../platform/auth/staff-auth.guard.js';
import { CustomerInteraction } from './customer-records.entity.js';
import { Customer } from './customer.entity.js';
import { customerError } from './customer-errors.js';

/** Records that follow the person when two customer records are merged. */
const MOVED_WITH_THE_PERSON = ['jobs', 'payments', 'messages', 'customer_occasions', 'customer_interactions'] as const;

/**
 * Merges two records of the same person: the duplicate's jobs, payments, messages, occasions and
 * notes move to the survivor, blanks of the survivor are filled from it, and the duplicate is
 * kept, marked merged, with its own consent history (consent is never inferred from another
 * record). Jobs whose workflows still name the duplicate reach the survivor through `mergedInto`.
 */
@Injectable()
export class CustomerMerge {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditTrail,
  ) {}

  async merge(staff: StaffMember, survivorId: string, duplicateId: string): Promise<Customer> {
    if (survivorId === duplicateId) throw customerError('MERGE_WITH_ITSELF', 'A record cannot be merged into itself.');
    return this.em.fork().transactional(async (em) => {
      // Both rows locked in a fixed order, so two merges of the same pair cannot cross.
      const [first, second] = [survivorId, duplicateId].sort();
      await em.execute('select id from customers where id in (?, ?) order by id for update', [first, second]);
      const survivor = await em.findOne(Customer, { id: survivorId });
      const duplicate = await em.findOne(Customer, { id: duplicateId });
      if (!survivor) throw customerError('CUSTOMER_NOT_FOUND', `No customer with id ${survivorId}.`);
      if (!duplicate) throw customerError('CUSTOMER_NOT_FOUND', `No customer with id ${duplicateId}.`, { field: 'duplicateId' });
      for (const record of [survivor, duplicate]) {
        if (record.mergedInto) throw customerError('CUSTOMER_MERGED', `${record.id} was already merged into ${record.mergedInto}.`, { mergedInto: record.mergedInto });
      }
      for (const table of MOVED_WITH_THE_PERSON) {
        await em.execute(`update ${table} set customer_id = ? where customer_id = ?`, [survivor.id, duplicate.id]);
      }
      const now = new Date();
      const filled: string[] = [];
      if (!survivor.email && duplicate.email) (survivor.email = duplicate.email), filled.push('email');
      if (!survivor.address && duplicate.address) (survivor.address = duplicate.address), filled.push('address');
      if (Object.keys(survivor.sizes).length === 0 && Object.keys(duplicate.sizes).length > 0) (survivor.sizes = duplicate.sizes), filled.push('sizes');
      survivor.updatedAt = now;
      duplicate.mergedInto = survivor.id;
      duplicate.updatedAt = now;
      em.create(CustomerInteraction, {
        id: randomUUID(),
        customer: survivor,
        at: now,
        channel: 'note',
        summary: `Merged the duplicate record ${duplicate.id} into this one${filled.length ? ` (took its ${filled.join(', ')})` : ''}.`,
        staffId: staff.id,
        staffName: staff.name,
      });
      const actor = auditActorOf(staff);
      this.audit.record(em, actor, { action: 'merge', recordType: 'customer', recordId: survivor.id, changes: { mergedFrom: { after: duplicate.id }, ...Object.fromEntries(filled.map((field) => [field, {}])) } });
      this.audit.record(em, actor, { action: 'merged_into', recordType: 'customer', recordId: duplicate.id, changes: { mergedInto: { before: null, after: survivor.id } } });
      await em.flush();
      return survivor;
    });
  }
}
