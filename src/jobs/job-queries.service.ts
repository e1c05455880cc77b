import { type FilterQuery, QueryOrder } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { decodeKeysetCursor, encodeKeysetCursor } from '../platform/database/keyset-cursor.js';
import { Job } from './job.entity.js';
import type { JobKind } from '../../workflows/shared/job-model.js';

export const JOB_SORTS = ['promised', 'recent', 'stage_age'] as const;
export type JobSort = (typeof JOB_SORTS)[number];

export interface JobFilters {
  kind?: JobKind;
  storeIds?: string[];
  stages?: string[];
  overdue?: boolean;
  waitingOn?: string;
  assigneeId?: string;
  customerId?: string;
  /** Job or ticket number, or words of the piece's description. */
  text?: string;
  closed?: boolean;
}

export interface JobPage {
  jobs: Job[];
  nextCursor: string | null;
}

type Key = string | null;

/** How each sort orders jobs, and which column its cursor carries. */
const SORTS: Record<JobSort, { column: 'promisedBy' | 'createdAt' | 'stageSince'; direction: 'asc' | 'desc' }> = {
  // Soonest promise first (what is due); jobs with no promised date last.
  promised: { column: 'promisedBy', direction: 'asc' },
  recent: { column: 'createdAt', direction: 'desc' },
  // Longest in its stage first: what is stuck.
  stage_age: { column: 'stageSince', direction: 'asc' },
};

/**
 * Lists jobs of every kind from the projection (one query, whatever the kind), filtered, sorted,
 * and paged with an opaque cursor (keyset pagination: a page never repeats or skips a job that
 * was already there when the first page was read).
 */
@Injectable()
export class JobQueries {
  constructor(private readonly em: EntityManager) {}

  async list(filters: JobFilters, sort: JobSort = 'promised', limit = 50, cursor?: string): Promise<JobPage> {
    const { column, direction } = SORTS[sort];
    const where: FilterQuery<Job>[] = [this.filterOf(filters)];
    if (cursor) where.push(after(column, direction, decodeKeysetCursor(cursor, isJobKey)));
    const jobs = await this.em.find(Job, { $and: where }, {
      orderBy: [{ [column]: direction === 'asc' ? QueryOrder.ASC_NULLS_LAST : QueryOrder.DESC_NULLS_LAST }, { id: direction === 'asc' ? 'asc' : 'desc' }],
      limit: limit + 1,
    });
    const page = jobs.slice(0, limit);
    const last = page.at(-1);
    return { jobs: page, nextCursor: jobs.length > limit && last ? encodeKeysetCursor<Key>([keyOf(last, column), last.id]) : null };
  }

  private filterOf(filters: JobFilters): FilterQuery<Job> {
    const where: FilterQuery<Job> = { closed: filters.closed ?? false };
    if (filters.kind) where.kind = filters.kind;
    if (filters.storeIds) where.store = { $in: filters.storeIds };
    if (filters.stages?.length) where.stage = { $in: filters.stages };
    if (filters.overdue !== undefined) where.overdue = filters.overdue;
    if (filters.waitingOn) where.waitingOn = filters.waitingOn;
    if (filters.assigneeId) where.assigneeId = filters.assigneeId;
    if (filters.customerId) where.customer = filters.customerId;
    if (filters.text) {
      const like = `%${filters.text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
      where.$or = [{ number: { $ilike: like } }, { ticketNumber: { $ilike: like } }, { summary: { $ilike: like } }];
    }
    return where;
  }
}

function keyOf(job: Job, column: 'promisedBy' | 'createdAt' | 'stageSince'): Key {
  const value = job[column];
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : String(value);
}

/** Jobs after the cursor's (key, id) in the sort's order; NULL keys sort last. */
function after(column: 'promisedBy' | 'createdAt' | 'stageSince', direction: 'asc' | 'desc', [key, id]: [Key, string]): FilterQuery<Job> {
  const beyond = direction === 'asc' ? '$gt' : '$lt';
  if (key === null) return { [column]: null, id: { [beyond]: id } };
  const value = column === 'promisedBy' ? key : new Date(key);
  return { $or: [{ [column]: { [beyond]: value } }, { [column]: value, id: { [beyond]: id } }, { [column]: null }] };
}

/** A job cursor's key: a date (or time) of the sort column, or null where the column is empty. */
function isJobKey(key: unknown): key is Key {
  return key === null || (typeof key === 'string' && !Number.isNaN(Date.parse(key)));
}
