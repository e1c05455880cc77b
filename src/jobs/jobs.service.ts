import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type StaffMember, worksIn } from '../platform/auth/staff-auth.guard.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { JobItem } from './job-item.entity.js';
import { Job } from './job.entity.js';
import { jobError } from './job-errors.js';

/** The answer for a job that does not exist, or not in the caller's stores (the same, so ids do not leak). */
export function jobNotFound(kind: Job['kind'] | undefined, jobId: string): DomainError {
  return kind === 'repair' ? jobError('REPAIR_NOT_FOUND', `No repair with id ${jobId}.`) : jobError('JOB_NOT_FOUND', `No job with id ${jobId}.`);
}

/** Finds jobs by id or by the number on their label. */
@Injectable()
export class JobsService {
  constructor(private readonly em: EntityManager) {}

  /** The job, if the viewer works in its store: another store's job answers as absent, so ids do not leak. */
  async require(jobId: string, viewer: StaffMember, kind?: Job['kind']): Promise<Job> {
    // A fork: after an action the row has moved on, and the request's identity map would show it as before.
    const job = await this.em.fork().findOne(Job, { id: jobId, ...(kind ? { kind } : {}) });
    if (!job || !worksIn(viewer, job.store.id)) throw jobNotFound(kind, jobId);
    return job;
  }

  /** The job a scanned label names; a number two stores both use needs the store. */
  async byNumber(number: string, viewer: StaffMember, storeId?: string): Promise<Job> {
    const found = await this.em.fork().find(Job, { number, ...(storeId ? { store: storeId } : {}) });
    const jobs = found.filter((job) => worksIn(viewer, job.store.id));
    if (jobs.length === 0) throw jobError('JOB_NOT_FOUND', `No job numbered ${number}.`);
    if (jobs.length > 1) {
      throw jobError('JOB_NUMBER_AMBIGUOUS', `Several stores have a job numbered ${number}; name the store.`, { storeIds: jobs.map((job) => job.store.id) });
    }
    return jobs[0];
  }

  items(jobId: string): Promise<JobItem[]> {
    return this.em.find(JobItem, { job: jobId }, { orderBy: { key: 'asc' } });
  }
}
