import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { JobPaymentsWrite } from '../../workflows/shared/job-activities.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { auditIdFor } from '../audit/audit-trail.service.js';
import { Job } from '../jobs/job.entity.js';
import { Payment } from './payment.entity.js';

/** The ledger of what customers paid; job workflows record into it through an activity. */
@Injectable()
export class PaymentsService {
  constructor(private readonly em: EntityManager) {}

  /** Records the payments of one action, once: a retried write finds its rows by key and adds none. */
  async recordForJob({ jobId, payments, recordedBy, idempotencyKey }: JobPaymentsWrite): Promise<void> {
    const em = this.em.fork();
    const job = await em.findOneOrFail(Job, { id: jobId });
    const rows = payments.map((payment, index) => ({
      id: randomUUID(),
      customer: job.customer,
      store: job.store,
      job,
      kind: payment.kind,
      amountMinor: payment.amount.amountMinor,
      currency: payment.amount.currency,
      method: payment.method,
      reference: payment.reference ?? null,
      recordedById: recordedBy.id ?? null,
      recordedByName: recordedBy.name,
      recordedAt: new Date(),
      idempotencyKey: `${idempotencyKey}:${index}`,
    }));
    await em.transactional(async (tx) => {
      await tx.createQueryBuilder(Payment).insert(rows).onConflict('idempotencyKey').ignore().execute();
      // Money taken or given back is audited with the payment, once however often the activity runs.
      await tx
        .createQueryBuilder(AuditEntry)
        .insert(
          rows.map((row) => ({
            id: auditIdFor(`payment:${row.idempotencyKey}`),
            at: row.recordedAt,
            actorKind: recordedBy.kind,
            actorId: recordedBy.id ?? null,
            actorName: recordedBy.name,
            action: 'create',
            recordType: 'payment',
            recordId: row.idempotencyKey,
            storeId: job.store.id,
            changes: { kind: { after: row.kind }, amountMinor: { after: row.amountMinor }, currency: { after: row.currency }, method: { after: row.method }, jobId: { after: job.id } },
          })),
        )
        .onConflict('id')
        .ignore()
        .execute();
    });
  }
}
