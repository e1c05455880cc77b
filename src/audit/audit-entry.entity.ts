import { defineEntity, p } from '@mikro-orm/core';

const APPEND_ONLY = "raise exception 'audit_entries is append-only: % refused', tg_op using errcode = 'insufficient_privilege';";

/**
 * Who created, changed or removed which record, and when, with the before and after of the
 * fields that matter (prices, status, ownership, consent, roles). Append-only: the database
 * refuses updates and deletes (and, in the migration, TRUNCATE).
 */
const AuditEntrySchema = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_entries',
  indexes: [
    { name: 'audit_entries_record_index', properties: ['recordType', 'recordId', 'at'] },
    { name: 'audit_entries_store_at_index', properties: ['storeId', 'at'] },
  ],
  triggers: [{ name: 'audit_entries_append_only', timing: 'before', events: ['update', 'delete'], forEach: 'row', body: APPEND_ONLY }],
  properties: {
    id: p.uuid().primary(),
    /** Written order: entries of one instant (a take-in auto-approved) still read in the order they happened. */
    seq: p.bigint('number').autoincrement(),
    at: p.datetime().index(),
    actorKind: p.string().length(10),
    actorId: p.string().length(64).nullable(),
    actorName: p.string().length(100),
    /** `create`, `update`, `delete`, `stage_change`, or a named action such as `revoke`. */
    action: p.string().length(40),
    recordType: p.string().length(40),
    recordId: p.string().length(64),
    storeId: p.uuid().nullable(),
    /** Field name to `{ before, after }`; a create has only `after`, a delete only `before`. */
    changes: p.json<Record<string, { before?: unknown; after?: unknown }>>(),
  },
});

export class AuditEntry extends AuditEntrySchema.class {}
AuditEntrySchema.setClass(AuditEntry);
