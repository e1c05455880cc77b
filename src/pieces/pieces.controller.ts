import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffMember, StoreScoped } from '../platform/auth/staff-auth.guard.js';
import { UuidParam } from '../platform/http/uuid-param.js';
import { PieceSearch } from '../search/piece-search.service.js';
import { PieceSearchQueryDto } from '../search/search-query.dto.js';
import { PieceHitView, PiecePageView } from '../search/search.views.js';
import { CreatePieceDto, PieceDetailsDto, PieceStatusDto } from './dto/piece.dto.js';
import { PieceView } from './piece.view.js';
import { PiecesService } from './pieces.service.js';

@ApiTags('pieces')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'PIECE_NOT_FOUND (also a piece of a store you do not work in)' })
@StoreScoped('piece', 'pieceId')
@Controller('pieces')
export class PiecesController {
  constructor(
    private readonly pieces: PiecesService,
    private readonly finder: PieceSearch,
  ) {}

  @Post()
  @Roles('manager', 'owner')
  @ApiOperation({ summary: 'Enter a piece into stock (available)' })
  @ApiCreatedResponse({ type: PieceView })
  @ApiConflictResponse({ description: 'SKU_TAKEN' })
  async create(@Body() body: CreatePieceDto, @CurrentStaff() staff: StaffMember): Promise<PieceView> {
    return PieceView.of(await this.pieces.create(staff, body));
  }

  @Get()
  @ApiOperation({ summary: 'Find pieces in your stores by SKU, certificate number or description (typos forgiven), filtered; keyset pages' })
  @ApiOkResponse({ type: PiecePageView })
  async search(@Query() query: PieceSearchQueryDto, @CurrentStaff() staff: StaffMember): Promise<PiecePageView> {
    const page = await this.finder.search(staff, { ...query, limit: query.limit ?? 25 });
    return { pieces: page.rows.map(PieceHitView.of), nextCursor: page.nextCursor };
  }

  @Get(':pieceId')
  @ApiOkResponse({ type: PieceView })
  async read(@UuidParam('pieceId') pieceId: string, @CurrentStaff() staff: StaffMember): Promise<PieceView> {
    return PieceView.of(await this.pieces.read(pieceId, staff));
  }

  @Patch(':pieceId')
  @Roles('manager', 'owner')
  @ApiOperation({ summary: 'Change prices, place, serial or provenance (audited before and after)' })
  @ApiOkResponse({ type: PieceView })
  async update(@UuidParam('pieceId') pieceId: string, @Body() body: PieceDetailsDto, @CurrentStaff() staff: StaffMember): Promise<PieceView> {
    return PieceView.of(await this.pieces.update(staff, pieceId, body));
  }

  @Post(':pieceId/status')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reserve, sell, send on memo, send to the workshop, or bring back' })
  @ApiOkResponse({ type: PieceView })
  @ApiConflictResponse({ description: 'PIECE_STATUS_NOT_ALLOWED (with currentStatus and allowedStatuses)' })
  async changeStatus(@UuidParam('pieceId') pieceId: string, @Body() body: PieceStatusDto, @CurrentStaff() staff: StaffMember): Promise<PieceView> {
    return PieceView.of(await this.pieces.changeStatus(staff, pieceId, body));
  }
}
