import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../platform/config/app-config.js';
import { FolderStorage } from '../storage/folder-storage.js';
import { ObjectStorage } from '../storage/object-storage.js';
import { S3Storage } from '../storage/s3-storage.js';
import { PhotosController } from './photos.controller.js';
import { PhotosService } from './photos.service.js';

/** Photos and the object storage they live in (a folder, or S3 when STORAGE_DRIVER=s3). */
@Global()
@Module({
  controllers: [PhotosController],
  providers: [
    PhotosService,
    {
      provide: ObjectStorage,
      inject: [AppConfig],
      useFactory: ({ storage }: AppConfig): ObjectStorage => (storage.driver === 's3' ? new S3Storage(storage) : new FolderStorage(storage.dir)),
    },
  ],
  exports: [PhotosService],
})
export class PhotosModule {}
