import { defineEntity, p } from '@mikro-orm/core';
import { STAFF_ROLES } from '../../workflows/shared/job-model.js';

/** A named key an integration signs in with; shown once, stored as a digest, revocable. */
const ApiKeySchema = defineEntity({
  name: 'ApiKey',
  tableName: 'api_keys',
  properties: {
    id: p.uuid().primary(),
    name: p.string().length(100),
    /** The key's first characters, so people can tell their keys apart. */
    prefix: p.string().length(16),
    digest: p.string().length(64).unique(),
    role: p.enum(STAFF_ROLES),
    storeIds: p.json<string[]>(),
    createdById: p.uuid(),
    createdAt: p.datetime(),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});

export class ApiKey extends ApiKeySchema.class {}
ApiKeySchema.setClass(ApiKey);
