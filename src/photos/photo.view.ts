import { ApiProperty } from '@nestjs/swagger';
import type { Photo } from './photo.entity.js';

export class PhotoView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'image/jpeg' }) contentType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ example: '/photos/4a0c…', description: 'GET it with your token for the bytes.' }) url!: string;
  @ApiProperty() uploadedBy!: string;
  @ApiProperty() createdAt!: string;

  static of(photo: Photo): PhotoView {
    return { id: photo.id, contentType: photo.contentType, sizeBytes: photo.sizeBytes, url: `/photos/${photo.id}`, uploadedBy: photo.uploadedByName, createdAt: photo.createdAt.toISOString() };
  }
}
