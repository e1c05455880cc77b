import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { AuditTrail, auditActorOf } from '../audit/audit-trail.service.js';
import { type StaffMember, worksIn } from '../platform/auth/staff-auth.guard.js';
import { isUuid } from '../platform/http/uuid.js';
import { ObjectStorage } from '../storage/object-storage.js';
import { MAX_PHOTO_BYTES, imageTypeOf } from './image-types.js';
import { Photo, type PHOTO_OWNERS } from './photo.entity.js';
import { photoError } from './photo-errors.js';

export interface PhotoOwner {
  kind: (typeof PHOTO_OWNERS)[number];
  id: string;
  storeId: string;
}

/** Photos of pieces and jobs: bytes in the object storage, a row each here. */
@Injectable()
export class PhotosService {
  constructor(
    private readonly em: EntityManager,
    private readonly storage: ObjectStorage,
    private readonly audit: AuditTrail,
  ) {}

  /** Keeps a photo of the owner; the same bytes uploaded again answer the photo already kept. */
  async add(staff: StaffMember, owner: PhotoOwner, body: unknown, declaredType: string | undefined): Promise<Photo> {
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw photoError('UNSUPPORTED_MEDIA_TYPE', 'Send the photo itself as the request body, with Content-Type image/jpeg, image/png, image/webp or image/heic.');
    }
    if (body.length > MAX_PHOTO_BYTES) throw photoError('BODY_TOO_LARGE', `A photo may be ${MAX_PHOTO_BYTES / 1024 / 1024} MiB at most.`);
    const contentType = imageTypeOf(body);
    if (!contentType || contentType !== declaredType?.split(';')[0].trim().toLowerCase()) {
      throw photoError('PHOTO_CONTENT_INVALID', `The bytes are not a ${declaredType ?? 'known'} image: send JPEG, PNG, WebP or HEIC with its own Content-Type.`, { field: 'body', detectedType: contentType ?? null });
    }
    const sha256 = createHash('sha256').update(body).digest('hex');
    const em = this.em.fork();
    const same = await em.findOne(Photo, { ownerKind: owner.kind, ownerId: owner.id, sha256 });
    if (same) return same;
    const id = randomUUID();
    const storageKey = `photos/${id}`;
    // Bytes first: a row never points at nothing (an orphaned object costs only space).
    await this.storage.put(storageKey, body, contentType);
    const photo = em.create(Photo, {
      id,
      ownerKind: owner.kind,
      ownerId: owner.id,
      storeId: owner.storeId,
      storageKey,
      contentType,
      sizeBytes: body.length,
      sha256,
      uploadedById: staff.id,
      uploadedByName: staff.name,
      createdAt: new Date(),
    });
    this.audit.record(em, auditActorOf(staff), { action: 'create', recordType: 'photo', recordId: id, storeId: owner.storeId, changes: { owner: { after: `${owner.kind}:${owner.id}` } } });
    await em.flush();
    return photo;
  }

  /** Refuses (422, naming the field) ids that are not photos of this owner: a job shows only its own photos. */
  async assertOwned(owner: Pick<PhotoOwner, 'kind' | 'id'>, ids: string[], field: string): Promise<void> {
    if (ids.length === 0) return;
    const uuids = ids.filter(isUuid);
    const found = new Set((await this.em.fork().find(Photo, { id: { $in: uuids }, ownerKind: owner.kind, ownerId: owner.id })).map((photo) => photo.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw photoError('UNKNOWN_PHOTO', `No photo of this ${owner.kind} with id ${missing.join(', ')}: upload it first.`, { field });
    }
  }

  list(owner: Pick<PhotoOwner, 'kind' | 'id'>): Promise<Photo[]> {
    return this.em.fork().find(Photo, { ownerKind: owner.kind, ownerId: owner.id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  /** The photo's bytes, for someone who works in its store (another store's photo answers as absent). */
  /** A photo the customer's tracking page shows (the caller has checked it is theirs to see). */
  async readForCustomer(id: string): Promise<{ photo: Photo; body: Buffer }> {
    const photo = await this.em.fork().findOne(Photo, { id, ownerKind: 'job' });
    if (!photo) throw photoError('PHOTO_NOT_FOUND', `No photo with id ${id}.`);
    const object = await this.storage.get(photo.storageKey);
    if (!object) throw photoError('PHOTO_UNAVAILABLE', 'The photo is recorded but its file cannot be read from the storage now.');
    return { photo, body: object.body };
  }

  async read(viewer: StaffMember, id: string): Promise<{ photo: Photo; body: Buffer }> {
    const photo = await this.em.fork().findOne(Photo, { id });
    if (!photo || !worksIn(viewer, photo.storeId)) throw photoError('PHOTO_NOT_FOUND', `No photo with id ${id}.`);
    const object = await this.storage.get(photo.storageKey);
    if (!object) throw photoError('PHOTO_UNAVAILABLE', 'The photo is recorded but its file cannot be read from the storage now.');
    return { photo, body: object.body };
  }
}
