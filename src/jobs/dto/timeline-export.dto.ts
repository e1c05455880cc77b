import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const TIMELINE_EXPORT_FORMATS = ['json', 'pdf'] as const;

export class TimelineExportQuery {
  @ApiPropertyOptional({ enum: TIMELINE_EXPORT_FORMATS, default: 'json', example: 'pdf' })
  @IsOptional()
  @IsIn(TIMELINE_EXPORT_FORMATS)
  format?: (typeof TIMELINE_EXPORT_FORMATS)[number];
}
