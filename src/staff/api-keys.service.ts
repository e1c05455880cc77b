import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditTrail, auditActorOf, createdFields } from '../audit/audit-trail.service.js';
import type { StaffMember } from '../platform/auth/staff-auth.guard.js';
import { Store } from '../stores/store.entity.js';
import { ApiKey } from './api-key.entity.js';
import type { CreateApiKeyDto } from './dto/staff-account.dto.js';
import { digestOf, newSecret } from './secret-tokens.js';
import { staffError } from './staff-errors.js';

/** API keys for integrations: an owner makes one, sees its secret once, and can revoke it. */
@Injectable()
export class ApiKeys {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditTrail,
  ) {}

  list(): Promise<ApiKey[]> {
    return this.em.fork().find(ApiKey, {}, { orderBy: { createdAt: 'desc', id: 'asc' } });
  }

  async create(caller: StaffMember, input: CreateApiKeyDto): Promise<{ key: ApiKey; secret: string }> {
    const em = this.em.fork();
    const storeIds = [...new Set(input.storeIds)];
    const found = await em.count(Store, { id: { $in: storeIds } });
    if (found !== storeIds.length) throw staffError('UNKNOWN_STORE', 'storeIds names a store that does not exist.', { field: 'storeIds' });
    const secret = newSecret('apiKey');
    const key = em.create(ApiKey, {
      id: randomUUID(),
      name: input.name,
      prefix: secret.slice(0, 16),
      digest: digestOf(secret),
      role: input.role,
      storeIds,
      createdById: caller.id,
      createdAt: new Date(),
      lastUsedAt: null,
      revokedAt: null,
    });
    this.audit.record(em, auditActorOf(caller), { action: 'create', recordType: 'api_key', recordId: key.id, changes: createdFields(key, ['name', 'role', 'storeIds']) });
    await em.flush();
    return { key, secret };
  }

  /** Stops the key at once; revoking twice is harmless. */
  async revoke(caller: StaffMember, id: string): Promise<ApiKey> {
    const em = this.em.fork();
    const key = await em.findOne(ApiKey, { id });
    if (!key) throw staffError('API_KEY_NOT_FOUND', `No API key with id ${id}.`);
    if (key.revokedAt) return key;
    key.revokedAt = new Date();
    this.audit.record(em, auditActorOf(caller), { action: 'revoke', recordType: 'api_key', recordId: key.id, changes: { revokedAt: { before: null, after: key.revokedAt.toISOString() } } });
    await em.flush();
    return key;
  }
}
