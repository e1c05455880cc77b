import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { type StaffMember } from '../../platform/auth/staff-auth.guard.js';
import { PageCursor, PageLimit } from '../../platform/http/paging.js';
import { JOB_SORTS, type JobFilters } from '../job-queries.service.js';
import { JOB_KINDS } from '../job.entity.js';

const asBoolean = Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

/** Filters, sort and page of a job list (query parameters). */
export class ListJobsQuery {
  @ApiPropertyOptional({ enum: JOB_KINDS })
  @IsOptional()
  @IsIn(JOB_KINDS)
  kind?: (typeof JOB_KINDS)[number];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  storeId?: string;

  @ApiPropertyOptional({ example: 'in_work,quality_check', description: 'One stage, or several separated by commas.' })
  @IsOptional()
  @Matches(/^[a-z_]{1,40}(,[a-z_]{1,40}){0,19}$/, { message: 'stage must be stage names separated by commas' })
  stage?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @asBoolean
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ enum: ['shop', 'customer', 'vendor', 'nobody'] })
  @IsOptional()
  @IsIn(['shop', 'customer', 'vendor', 'nobody'])
  waitingOn?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The staff member the work is assigned to.' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ example: 'R-0012', description: 'Part of a job or ticket number, or words of the description.' })
  @IsOptional()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'true lists jobs whose piece has left the shop.' })
  @IsOptional()
  @asBoolean
  @IsBoolean()
  closed?: boolean;

  @ApiPropertyOptional({ enum: JOB_SORTS, default: 'promised' })
  @IsOptional()
  @IsIn(JOB_SORTS)
  sort?: (typeof JOB_SORTS)[number];

  @PageLimit(50)
  limit?: number;

  @PageCursor()
  cursor?: string;
}

/** The list filters a query asks for; `kind` narrows it to one lifecycle's route (`/repairs`). */
/** The filters of a list query, within the stores the viewer works in. */
export function jobFiltersOf(query: ListJobsQuery, viewer: StaffMember, kind: JobFilters['kind'] = query.kind): JobFilters {
  const asked = query.storeId ? [query.storeId] : undefined;
  return {
    kind,
    storeIds: viewer.stores === 'all' ? asked : (asked ?? viewer.stores).filter((id) => viewer.stores.includes(id)),
    stages: query.stage?.split(','),
    overdue: query.overdue,
    waitingOn: query.waitingOn,
    assigneeId: query.assigneeId,
    customerId: query.customerId,
    text: query.q,
    closed: query.closed,
  };
}
