import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffMember, StoreScoped } from '../platform/auth/staff-auth.guard.js';
import { UuidParam } from '../platform/http/uuid-param.js';
import { IMAGE_TYPES } from '../photos/image-types.js';
import { PhotoView } from '../photos/photo.view.js';
import { PhotosService } from '../photos/photos.service.js';
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
    private readonly photos: PhotosService,
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

  @Post(':pieceId/photos')
  @ApiOperation({ summary: 'Add a photo: the image itself as the body (JPEG, PNG, WebP or HEIC, up to 15 MiB)' })
  @ApiConsumes(...IMAGE_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: PhotoView, description: 'Kept (the same photo sent again answers the one already kept).' })
  @ApiBadRequestResponse({ description: 'PHOTO_CONTENT_INVALID (the bytes are not the image type sent); 413 BODY_TOO_LARGE over the limit; 415 UNSUPPORTED_MEDIA_TYPE for a body that is not an image type' })
  async addPhoto(@UuidParam('pieceId') pieceId: string, @Body() body: unknown, @Headers('content-type') contentType: string | undefined, @CurrentStaff() staff: StaffMember): Promise<PhotoView> {
    const { piece } = await this.pieces.read(pieceId, staff);
    return PhotoView.of(await this.photos.add(staff, { kind: 'piece', id: piece.id, storeId: piece.store.id }, body, contentType));
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
