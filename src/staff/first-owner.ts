import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { ApiKey } from './api-key.entity.js';
import { generatePassword, hashPassword } from './passwords.js';
import { digestOf, newSecret } from './secret-tokens.js';
import { StaffAccount } from './staff-account.entity.js';

export interface FirstOwner {
  id: string;
  email: string;
  name: string;
  /** Shown once to whoever set the shop up; only its hash is stored. */
  password: string;
  /** An owner API key, when one was asked for (the local stack's example commands use it). */
  apiKey?: string;
}

/**
 * The shop's first owner, made only while no staff account exists (a shop without one could
 * never sign in). Returns undefined when the shop already has staff.
 */
export async function createFirstOwner(em: EntityManager, input: { email: string; name: string; withApiKey?: string }): Promise<FirstOwner | undefined> {
  return em.transactional(async (tx) => {
    // One first owner even when two processes start at once.
    await tx.execute('select pg_advisory_xact_lock(hashtext(?))', ['atelier:first-owner']);
    if ((await tx.count(StaffAccount)) > 0) return undefined;
    const now = new Date();
    const password = generatePassword();
    const owner = tx.create(StaffAccount, {
      id: randomUUID(),
      email: input.email.trim().toLowerCase(),
      name: input.name,
      role: 'owner',
      storeIds: [],
      passwordHash: await hashPassword(password),
      passwordChangedAt: now,
      active: true,
      createdAt: now,
      updatedAt: now,
    });
    const system = { actorKind: 'system', actorId: null, actorName: 'Atelier', at: now, storeId: null } as const;
    tx.create(AuditEntry, { ...system, id: randomUUID(), action: 'create', recordType: 'staff_account', recordId: owner.id, changes: { email: { after: owner.email }, role: { after: 'owner' } } });
    let apiKey: string | undefined;
    if (input.withApiKey) {
      apiKey = newSecret('apiKey');
      const key = tx.create(ApiKey, {
        id: randomUUID(),
        name: input.withApiKey,
        prefix: apiKey.slice(0, 16),
        digest: digestOf(apiKey),
        role: 'owner',
        storeIds: [],
        createdById: owner.id,
        createdAt: now,
        lastUsedAt: null,
        revokedAt: null,
      });
      tx.create(AuditEntry, { ...system, id: randomUUID(), action: 'create', recordType: 'api_key', recordId: key.id, changes: { name: { after: key.name }, role: { after: 'owner' } } });
    }
    return { id: owner.id, email: owner.email, name: owner.name, password, ...(apiKey ? { apiKey } : {}) };
  });
}
