import { defineEntity, p } from '@mikro-orm/core';

export const PHOTO_OWNERS = ['piece', 'job'] as const;

/** A photo of a piece of stock or of a customer's piece in a job; its bytes are in the object storage. */
const PhotoSchema = defineEntity({
  name: 'Photo',
  tableName: 'photos',
  indexes: [{ name: 'photos_owner_index', properties: ['ownerKind', 'ownerId', 'createdAt'] }],
  properties: {
    id: p.uuid().primary(),
    ownerKind: p.enum(PHOTO_OWNERS),
    ownerId: p.uuid(),
    storeId: p.uuid(),
    storageKey: p.string().length(100),
    contentType: p.string().length(40),
    sizeBytes: p.integer(),
    /** Hex SHA-256 of the bytes: the same photo uploaded twice is one photo. */
    sha256: p.string().length(64),
    uploadedById: p.string().length(64).nullable(),
    uploadedByName: p.string().length(100),
    createdAt: p.datetime(),
  },
});

export class Photo extends PhotoSchema.class {}
PhotoSchema.setClass(Photo);
