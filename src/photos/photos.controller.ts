import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentStaff, type StaffMember } from '../platform/auth/staff-auth.guard.js';
import { UuidParam } from '../platform/http/uuid-param.js';
import { IMAGE_TYPES } from './image-types.js';
import { PhotosService } from './photos.service.js';

@ApiTags('photos')
@ApiBearerAuth()
@Controller('photos')
export class PhotosController {
  constructor(private readonly photos: PhotosService) {}

  @Get(':photoId')
  @ApiProduces(...IMAGE_TYPES)
  @ApiOkResponse({ description: 'The photo as uploaded.', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'PHOTO_NOT_FOUND (also a photo of a store you do not work in)' })
  @Header('Cache-Control', 'private, max-age=86400, immutable')
  async read(@UuidParam('photoId') photoId: string, @CurrentStaff() staff: StaffMember, @Res() reply: FastifyReply): Promise<void> {
    const { photo, body } = await this.photos.read(staff, photoId);
    await reply.header('Content-Type', photo.contentType).header('X-Content-Type-Options', 'nosniff').send(body);
  }
}
