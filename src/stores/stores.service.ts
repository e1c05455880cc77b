import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DEFAULT_STORE_POLICY, type StorePolicy } from '../../workflows/shared/store-policy.js';
import { AuditTrail, auditActorOf, changesBetween, createdFields } from '../audit/audit-trail.service.js';
import { type StaffMember, worksIn } from '../platform/auth/staff-auth.guard.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { type FieldProblem, validationFailed } from '../platform/http/validation.js';
import type { CreateStoreDto } from './dto/create-store.dto.js';
import type { UpdateStorePolicyDto } from './dto/store-policy.dto.js';
import { MAIN_STORE_ID, type OpeningHours, Store } from './store.entity.js';
import { storeError } from './store-errors.js';

const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The store's policy in force: its own values over the shipped defaults. */
export function storePolicyOf(store: Store): StorePolicy {
  return { ...DEFAULT_STORE_POLICY, ...store.policy };
}

/** Something another module keeps in step with a store (the managers' digest schedule follows its policy). */
export interface StoreFollower {
  /** Told after the store was saved; the save stands whatever happens here. */
  storeSaved(store: Store, policy: StorePolicy): Promise<void>;
}

/**
 * Who is told when a store is created or its policy changes. Modules that depend on stores register
 * here (stores know none of them); a follower that fails is logged, never the caller's failure.
 */
@Injectable()
export class StoreFollowers {
  private readonly logger = new Logger(StoreFollowers.name);
  private readonly followers: StoreFollower[] = [];

  register(follower: StoreFollower): void {
    this.followers.push(follower);
  }

  async storeSaved(store: Store, policy: StorePolicy): Promise<void> {
    for (const follower of this.followers) {
      await follower.storeSaved(store, policy).catch((error: Error) => this.logger.warn(`Store ${store.id}: ${follower.constructor.name} did not follow the change: ${error.message}`));
    }
  }
}

@Injectable()
export class StoresService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditTrail,
    private readonly followers: StoreFollowers,
  ) {}

  list(): Promise<Store[]> {
    return this.em.find(Store, {}, { orderBy: { code: 'asc' } });
  }

  /**
   * The store a staff member acts in: the one named, if they work there (another store answers as
   * absent), else their only store; an owner's default is the main store.
   */
  async forStaff(staff: StaffMember, storeId?: string): Promise<Store> {
    const id = storeId ?? (staff.stores === 'all' ? MAIN_STORE_ID : staff.stores.length === 1 ? staff.stores[0] : undefined);
    if (!id) throw validationFailed([{ field: 'storeId', problems: ['storeId is needed: you work in several stores'] }]);
    if (!worksIn(staff, id)) throw storeNotFound(id);
    return this.get(id);
  }

  async get(id: string): Promise<Store> {
    const store = await this.em.findOne(Store, { id });
    if (!store) throw storeNotFound(id);
    return store;
  }

  /** The store's policy in force: its own values over the shipped defaults. */
  policyOf(store: Store): StorePolicy {
    return storePolicyOf(store);
  }

  async create(staff: StaffMember, input: CreateStoreDto): Promise<Store> {
    const openingHours = checkedOpeningHours(input.openingHours ?? {});
    const now = new Date();
    const store = this.em.create(Store, {
      id: randomUUID(),
      code: input.code,
      name: input.name,
      phone: input.phone ?? null,
      email: input.email?.toLowerCase() ?? null,
      address: { ...input.address },
      timeZone: input.timeZone,
      currency: input.currency.toUpperCase(),
      openingHours,
      policy: {},
      notifications: {},
      createdAt: now,
      updatedAt: now,
    });
    this.audit.record(this.em, auditActorOf(staff), {
      action: 'create',
      recordType: 'store',
      recordId: store.id,
      storeId: store.id,
      changes: createdFields(store, ['code', 'name', 'timeZone', 'currency']),
    });
    try {
      await this.em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw storeError('STORE_CODE_TAKEN', `Another store has the code ${input.code}.`);
      throw error;
    }
    await this.followers.storeSaved(store, this.policyOf(store));
    return store;
  }

  async updatePolicy(staff: StaffMember, id: string, change: UpdateStorePolicyDto): Promise<Store> {
    const store = await this.forStaff(staff, id);
    const before = { ...store.policy };
    const given = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) as Partial<StorePolicy>;
    if (given.depositPlanBps && given.depositPlanBps.reduce((sum, share) => sum + share, 0) !== 10_000) {
      throw validationFailed([{ field: 'depositPlanBps', problems: ['depositPlanBps must add up to 10000 (100%)'] }]);
    }
    if (given.productionSteps && new Set(given.productionSteps.map((step) => step.key)).size !== given.productionSteps.length) {
      throw validationFailed([{ field: 'productionSteps', problems: ['productionSteps must each have their own key'] }]);
    }
    store.policy = { ...store.policy, ...given };
    store.updatedAt = new Date();
    const changes = changesBetween<Partial<StorePolicy>>(before, store.policy, Object.keys(given) as (keyof StorePolicy)[]);
    if (Object.keys(changes).length > 0) {
      this.audit.record(this.em, auditActorOf(staff), { action: 'update', recordType: 'store_policy', recordId: store.id, storeId: store.id, changes });
    }
    await this.em.flush();
    await this.followers.storeSaved(store, this.policyOf(store));
    return store;
  }
}

function storeNotFound(id: string): DomainError {
  return storeError('STORE_NOT_FOUND', `No store with id ${id}.`);
}

function checkedOpeningHours(hours: Record<string, { open: string; close: string }>): OpeningHours {
  const problems: FieldProblem[] = [];
  for (const [day, span] of Object.entries(hours)) {
    const field = `openingHours.${day}`;
    if (!/^[0-6]$/.test(day)) problems.push({ field, problems: [`${field}: days are 0 (Sunday) to 6 (Saturday)`] });
    else if (!span || typeof span !== 'object' || !LOCAL_TIME.test(String(span.open)) || !LOCAL_TIME.test(String(span.close)) || span.open >= span.close) {
      problems.push({ field, problems: [`${field} must be { open: "HH:MM", close: "HH:MM" } with open before close`] });
    }
  }
  if (problems.length > 0) throw validationFailed(problems);
  return Object.fromEntries(Object.entries(hours).map(([day, span]) => [day, { open: span.open, close: span.close }])) as OpeningHours;
}
