import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { Actor } from '../../workflows/shared/job-model.js';
import type { StaffMember } from '../platform/auth/staff-auth.guard.js';
import { AuditEntry } from './audit-entry.entity.js';

export type AuditChanges = Record<string, { before?: unknown; after?: unknown }>;

export interface AuditRecord {
  action: string;
  recordType: string;
  recordId: string;
  storeId?: string | null;
  changes?: AuditChanges;
}

/** Who acted, as the audit trail names them. */
export type AuditActor = Pick<Actor, 'kind' | 'id' | 'name'>;

export function auditActorOf(staff: StaffMember): AuditActor {
  return { kind: 'staff', id: staff.id, name: staff.name };
}

export const SYSTEM_ACTOR: AuditActor = { kind: 'system', name: 'Atelier' };

/**
 * Writes audit entries in the caller's unit of work, so a record and its audit entry are
 * committed together or not at all.
 */
@Injectable()
export class AuditTrail {
  /** Queues an entry on `em`; the caller's flush writes it with the change it describes. */
  record(em: EntityManager, actor: AuditActor, record: AuditRecord, at = new Date()): void {
    em.create(AuditEntry, {
      id: randomUUID(),
      at,
      actorKind: actor.kind,
      actorId: actor.id ?? null,
      actorName: actor.name,
      action: record.action,
      recordType: record.recordType,
      recordId: record.recordId,
      storeId: record.storeId ?? null,
      changes: record.changes ?? {},
    });
  }
}

/**
 * The id of an audit entry written by a retried activity: derived from what it records (a UUID
 * shaped from a SHA-256 of the seed), so the retry's insert finds the row and adds none.
 */
export function auditIdFor(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The fields whose value differs, as `{ before, after }`; equal values (by JSON) are left out. */
export function changesBetween<T extends object>(before: Partial<T>, after: Partial<T>, fields: readonly (keyof T & string)[]): AuditChanges {
  const changes: AuditChanges = {};
  for (const field of fields) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) changes[field] = { before: before[field], after: after[field] };
  }
  return changes;
}

/** A created record's fields as changes with only `after`. */
export function createdFields<T extends object>(record: T, fields: readonly (keyof T & string)[]): AuditChanges {
  return Object.fromEntries(fields.map((field) => [field, { after: record[field] }]));
}
