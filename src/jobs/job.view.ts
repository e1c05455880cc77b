import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CUSTODY_LOCATIONS } from '../../workflows/shared/job-model.js';
import type { AppConfig } from '../platform/config/app-config.js';
import type { JobItem } from './job-item.entity.js';
import type { Job } from './job.entity.js';
import { JOB_KINDS } from './job.entity.js';
import { trackingUrl } from './tracking-url.js';

export class CustodyView {
  @ApiProperty({ enum: CUSTODY_LOCATIONS, example: 'bench' }) location!: string;
  @ApiProperty({ enum: ['staff', 'vendor', 'customer', 'store', 'carrier'] }) holderKind!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) holderId!: string | null;
  @ApiProperty({ example: 'carl' }) holderName!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Safe 1, drawer 3' }) detail!: string | null;
  @ApiProperty({ format: 'date-time' }) since!: string;
}

export class JobItemView {
  @ApiProperty({ example: 'piece' }) key!: string;
  @ApiProperty() description!: string;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Declared (insurance) value, minor units.' }) declaredValueMinor!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) currency!: string | null;
  @ApiProperty({ type: CustodyView }) custody!: CustodyView;
}

export class JobFlagsView {
  @ApiProperty() overdue!: boolean;
  @ApiProperty() vendorLate!: boolean;
  @ApiProperty() unclaimed!: boolean;
  @ApiProperty() rush!: boolean;
}

/** A job as every list and read shows it: from the projection the workflow keeps. */
export class JobView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: JOB_KINDS }) kind!: string;
  @ApiProperty({ example: 'R-001234-1', description: 'Printed on the label, read aloud at the counter.' }) number!: string;
  @ApiProperty({ example: 'R-001234' }) ticketNumber!: string;
  @ApiProperty({ format: 'uuid' }) storeId!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ example: 'Yellow metal ring, customer stated 14k' }) summary!: string;
  @ApiProperty({ example: 'in_work' }) stage!: string;
  @ApiProperty({ example: 'At the bench' }) stageLabel!: string;
  @ApiProperty({ format: 'date-time' }) stageSince!: string;
  @ApiProperty({ enum: ['shop', 'customer', 'vendor', 'nobody'] }) waitingOn!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-12-07' }) promisedBy!: string | null;
  @ApiProperty({ type: JobFlagsView }) flags!: JobFlagsView;
  @ApiPropertyOptional({ nullable: true, type: Object, example: { id: 'staff:carl', name: 'carl' } }) assignee!: { id: string; name: string } | null;
  @ApiProperty({ type: CustodyView, description: 'Where the main piece is, and who has it.' }) custody!: CustodyView;
  @ApiProperty({ description: 'The piece has left the shop: off every open list.' }) closed!: boolean;
  @ApiProperty({ description: "The customer's tracking link." }) trackingUrl!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static of(job: Job, config: AppConfig): JobView {
    return {
      id: job.id,
      kind: job.kind,
      number: job.number,
      ticketNumber: job.ticketNumber,
      storeId: job.store.id,
      customerId: job.customer.id,
      summary: job.summary,
      stage: job.stage,
      stageLabel: job.stageLabel,
      stageSince: job.stageSince.toISOString(),
      waitingOn: job.waitingOn,
      promisedBy: job.promisedBy ?? null,
      flags: { overdue: job.overdue, vendorLate: job.vendorLate, unclaimed: job.unclaimed, rush: job.rush },
      assignee: job.assigneeId && job.assigneeName ? { id: job.assigneeId, name: job.assigneeName } : null,
      custody: custodyView(job),
      closed: job.closed,
      trackingUrl: trackingUrl(config, job.trackingToken),
      createdBy: job.createdByName,
      createdAt: job.createdAt.toISOString(),
    };
  }
}

/** An item as its row keeps it, or as a workflow snapshot says it is (`itemRow`). */
export function itemView(item: Omit<JobItem, 'job'>): JobItemView {
  return {
    key: item.key,
    description: item.description,
    declaredValueMinor: item.declaredValueMinor ?? null,
    currency: item.currency ?? null,
    custody: custodyView(item),
  };
}

export class JobPageView {
  @ApiProperty({ type: JobView, isArray: true }) jobs!: JobView[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page.' }) nextCursor!: string | null;
}

/** Where a job's piece (or one of its items) is now, as its row keeps it. */
function custodyView(row: Pick<Job, 'custodyLocation' | 'custodyHolderKind' | 'custodyHolderId' | 'custodyHolderName' | 'custodyDetail' | 'custodySince'>): CustodyView {
  return {
    location: row.custodyLocation,
    holderKind: row.custodyHolderKind,
    holderId: row.custodyHolderId ?? null,
    holderName: row.custodyHolderName,
    detail: row.custodyDetail ?? null,
    since: row.custodySince.toISOString(),
  };
}
