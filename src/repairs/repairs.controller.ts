import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentStaff, type StaffMember } from '../platform/auth/staff-auth.guard.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { UuidParam } from '../platform/http/uuid-param.js';
import { AdvanceRepairDto } from './dto/advance-repair.dto.js';
import { CreateRepairDto } from './dto/create-repair.dto.js';
import { RepairHistoryView, RepairView } from './repair.view.js';
import { RepairsService } from './repairs.service.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

@ApiTags('repairs')
@ApiBearerAuth()
@Controller('repairs')
export class RepairsController {
  constructor(private readonly repairs: RepairsService) {}

  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat a create safely: the same key returns the same repair.' })
  @ApiCreatedResponse({ type: RepairView, description: 'Taken in; its workflow has started.' })
  @ApiOkResponse({ type: RepairView, description: 'A repeat of an earlier create (same id or Idempotency-Key).' })
  @ApiNotFoundResponse({ description: 'CUSTOMER_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({ description: 'IDEMPOTENCY_KEY_REUSED with another body, or PROMISED_DATE_IN_PAST' })
  async create(
    @Body() body: CreateRepairDto,
    @CurrentStaff() staff: StaffMember,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<RepairView> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new DomainError('invalid', 'VALIDATION_FAILED', 'The request has invalid fields: Idempotency-Key.', {
        errors: [{ field: 'Idempotency-Key', problems: ['Idempotency-Key must be 1 to 200 visible ASCII characters'] }],
      });
    }
    const { repair, replayed } = await this.repairs.create(body, staff, idempotencyKey);
    void reply.status(replayed ? HttpStatus.OK : HttpStatus.CREATED);
    if (replayed) void reply.header('Idempotent-Replayed', 'true');
    return repair;
  }

  @Get(':repairId')
  @ApiOkResponse({ type: RepairView })
  @ApiNotFoundResponse({ description: 'REPAIR_NOT_FOUND' })
  get(@UuidParam('repairId') repairId: string): Promise<RepairView> {
    return this.repairs.get(repairId);
  }

  @Post(':repairId/advance')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: RepairView, description: 'The repair in its new stage.' })
  @ApiNotFoundResponse({ description: 'REPAIR_NOT_FOUND' })
  @ApiConflictResponse({ description: 'STAGE_TRANSITION_NOT_ALLOWED, with currentStage and allowedNextStages' })
  advance(@UuidParam('repairId') repairId: string, @Body() body: AdvanceRepairDto, @CurrentStaff() staff: StaffMember): Promise<RepairView> {
    return this.repairs.advance(repairId, body.to, staff);
  }

  @Get(':repairId/history')
  @ApiOkResponse({ type: RepairHistoryView, description: 'Stage changes (who, when) and customer messages, oldest first.' })
  @ApiNotFoundResponse({ description: 'REPAIR_NOT_FOUND' })
  history(@UuidParam('repairId') repairId: string): Promise<RepairHistoryView> {
    return this.repairs.history(repairId);
  }
}
