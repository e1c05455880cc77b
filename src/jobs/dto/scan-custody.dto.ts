import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { MoveCustodyDto } from './job-parts.dto.js';

/** A hand-over recorded by scanning the job's label. */
export class ScanCustodyDto extends MoveCustodyDto {
  @ApiProperty({ example: 'R-001234-1', description: 'The number on the scanned label.' })
  @Matches(/^[A-Z]{1,4}-\d{6}-\d{1,2}$/, { message: 'number must be a job number such as R-001234-1' })
  number!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Needed only when two stores use the same number.' })
  @IsOptional()
  @IsUUID()
  storeId?: string;
}
