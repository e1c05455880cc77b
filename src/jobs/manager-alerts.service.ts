import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ManagerAlert as ManagerAlertRequest } from '../../workflows/shared/job-activities.js';
import { Job } from './job.entity.js';
import { ManagerAlert } from './manager-alert.entity.js';

/** Raises an alert for the job's store managers, once per dedupe key. */
@Injectable()
export class ManagerAlerts {
  private readonly logger = new Logger(ManagerAlerts.name);

  constructor(private readonly em: EntityManager) {}

  async raise(request: ManagerAlertRequest): Promise<void> {
    const em = this.em.fork();
    if (await em.count(ManagerAlert, { dedupeKey: request.dedupeKey })) return;
    const job = await em.findOneOrFail(Job, { id: request.jobId });
    em.create(ManagerAlert, {
      id: randomUUID(),
      store: job.store,
      job,
      kind: request.kind,
      message: request.message,
      dedupeKey: request.dedupeKey,
      createdAt: new Date(),
    });
    try {
      await em.flush();
      this.logger.log(`Alert for the managers of store ${job.store.id}: ${request.kind} on ${job.number}`);
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
    }
  }
}
