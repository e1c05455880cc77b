import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Min } from 'class-validator';
import { CurrentStaff, Roles, type StaffMember } from '../platform/auth/staff-auth.guard.js';
import { PageLimit } from '../platform/http/paging.js';
import type { AuditEntry } from './audit-entry.entity.js';
import { AuditLog } from './audit-log.service.js';

export class ListAuditQuery {
  @ApiPropertyOptional({ example: 'staff_account' })
  @IsOptional()
  @Matches(/^[a-z_]{1,40}$/, { message: 'recordType must be a record type such as staff_account' })
  recordType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[\w:.-]{1,64}$/, { message: 'recordId must be a record id' })
  recordId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;

  @ApiPropertyOptional({ description: 'The previous page’s nextCursor: older entries.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  cursor?: number;

  @PageLimit(50, 200)
  limit?: number;
}

export class AuditEntryView {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty() actor!: { kind: string; id: string | null; name: string };
  @ApiProperty() action!: string;
  @ApiProperty() recordType!: string;
  @ApiProperty() recordId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) storeId!: string | null;
  @ApiProperty({ description: 'Field to { before, after }.' }) changes!: Record<string, { before?: unknown; after?: unknown }>;

  static of(entry: AuditEntry): AuditEntryView {
    return {
      id: entry.id,
      at: entry.at.toISOString(),
      actor: { kind: entry.actorKind, id: entry.actorId ?? null, name: entry.actorName },
      action: entry.action,
      recordType: entry.recordType,
      recordId: entry.recordId,
      storeId: entry.storeId ?? null,
      changes: entry.changes,
    };
  }
}

export class AuditPageView {
  @ApiProperty({ type: AuditEntryView, isArray: true }) entries!: AuditEntryView[];
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Pass as `cursor` for the next (older) page.' }) nextCursor!: number | null;
}

@ApiTags('audit')
@ApiBearerAuth()
@Roles('manager', 'owner')
@Controller('audit')
export class AuditController {
  constructor(private readonly log: AuditLog) {}

  @Get()
  @ApiOkResponse({ type: AuditPageView, description: 'Newest first. A manager sees the entries of their stores.' })
  async list(@CurrentStaff() caller: StaffMember, @Query() query: ListAuditQuery): Promise<AuditPageView> {
    const limit = query.limit ?? 50;
    const entries = await this.log.list(caller, query, limit);
    return { entries: entries.map(AuditEntryView.of), nextCursor: entries.length === limit ? entries[entries.length - 1].seq : null };
  }
}
