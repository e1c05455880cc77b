import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min, ValidateBy } from 'class-validator';
import { JOB_KINDS } from '../../jobs/job.entity.js';
import { isCalendarDate } from '../../platform/time/shop-calendar.js';
import { DEFAULT_PERIOD_DAYS, MAX_PERIOD_DAYS, SERIES_BUCKETS, type SeriesBucket } from '../reporting/report-period.js';

/** A real calendar day written YYYY-MM-DD (not 2026-02-30). */
function IsCalendarDay(): PropertyDecorator {
  return ValidateBy({
    name: 'isCalendarDay',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
      defaultMessage: (args) => `${args?.property ?? 'the value'} must be a calendar date as YYYY-MM-DD`,
    },
  });
}

/** Which stores and which kind of job a dashboard covers. */
export class DashboardScopeQuery {
  @ApiPropertyOptional({ format: 'uuid', example: '00000000-0000-4000-8000-000000000001', description: 'One store; absent: every store you work in (an owner: every store).' })
  @IsOptional()
  @IsUUID()
  storeId?: string;

  @ApiPropertyOptional({ enum: JOB_KINDS, description: 'Only repairs or only custom orders; absent: both.' })
  @IsOptional()
  @IsIn(JOB_KINDS)
  kind?: (typeof JOB_KINDS)[number];
}

/** The scope and a period of calendar days, each store's own (its time zone). */
export class DashboardPeriodQuery extends DashboardScopeQuery {
  @ApiPropertyOptional({ type: String, format: 'date', example: '2026-11-01', description: `First day (included), in each store's time zone. Absent: ${DEFAULT_PERIOD_DAYS - 1} days before \`to\`.` })
  @IsOptional()
  @IsCalendarDay()
  from?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    example: '2026-11-30',
    description: `Last day (included), in each store's time zone. Absent: today. At most ${MAX_PERIOD_DAYS} days from \`from\` (400 PERIOD_TOO_LONG); not before it (400 PERIOD_REVERSED).`,
  })
  @IsOptional()
  @IsCalendarDay()
  to?: string;
}

/** A period cut into points for a chart. */
export class DashboardSeriesQuery extends DashboardPeriodQuery {
  @ApiPropertyOptional({ enum: SERIES_BUCKETS, default: 'day', description: 'One point per day, per ISO week (Monday to Sunday) or per calendar month; the first and last are clipped to the period.' })
  @IsOptional()
  @IsIn(SERIES_BUCKETS)
  bucket?: SeriesBucket;
}

export class CustomerValueQuery extends DashboardScopeQuery {
  @ApiPropertyOptional({ default: 10, minimum: 1, maximum: 100, description: 'How many customers per currency.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export const CSV_DATE_BASES = ['taken_in', 'finished'] as const;

export class JobsCsvQuery extends DashboardPeriodQuery {
  @ApiPropertyOptional({ enum: CSV_DATE_BASES, default: 'taken_in', description: 'Which jobs the period selects: those taken in during it, or those that finished (left the shop) during it.' })
  @IsOptional()
  @IsIn(CSV_DATE_BASES)
  dates?: (typeof CSV_DATE_BASES)[number];
}
