import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

/** Which store a report covers: one the viewer works in, or (absent) every store the viewer works in. */
export class StoreReportQuery {
  @ApiPropertyOptional({ format: 'uuid', example: '00000000-0000-4000-8000-000000000001', description: 'One store; absent: every store you work in.' })
  @IsOptional()
  @IsUUID()
  storeId?: string;
}

export class LateListsQuery extends StoreReportQuery {
  @ApiPropertyOptional({ format: 'uuid', example: '5eed0000-0000-4000-8000-00000000000c', description: 'Only jobs assigned to this staff member.' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @ApiPropertyOptional({ default: 3, minimum: 0, maximum: 365, example: 3, description: 'A job waiting on the customer longer than this many days is listed (0: every job waiting on the customer).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(365)
  waitingDays?: number;
}
