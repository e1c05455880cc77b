import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { StaffRole } from '../../workflows/shared/job-model.js';
import { AuditTrail, auditActorOf, changesBetween, createdFields } from '../audit/audit-trail.service.js';
import { type StaffMember, worksIn } from '../platform/auth/staff-auth.guard.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { validationFailed } from '../platform/http/validation.js';
import { Store } from '../stores/store.entity.js';
import { AuthService } from './auth.service.js';
import type { CreateStaffAccountDto, UpdateStaffAccountDto } from './dto/staff-account.dto.js';
import { generatePassword, hashPassword } from './passwords.js';
import { StaffAccount } from './staff-account.entity.js';
import { StaffEmail } from './staff-email.entity.js';
import { StaffSession } from './staff-session.entity.js';
import { staffError } from './staff-errors.js';

/** Roles a manager may give: the people they run, never their peers or the owners. */
const ROLES_A_MANAGER_GIVES: readonly StaffRole[] = ['associate', 'bench_jeweler'];
const AUDITED_FIELDS = ['email', 'name', 'role', 'storeIds', 'active'] as const;

/**
 * Staff accounts: an owner manages everyone; a manager adds and changes associates and bench
 * jewelers of their own stores. A new account gets a one-time link to set its password.
 */
@Injectable()
export class StaffAccounts {
  constructor(
    private readonly em: EntityManager,
    private readonly auth: AuthService,
    private readonly audit: AuditTrail,
  ) {}

  /** The accounts the caller may see: everyone for an owner, else those sharing a store. */
  async list(caller: StaffMember): Promise<StaffAccount[]> {
    const accounts = await this.em.fork().find(StaffAccount, {}, { orderBy: { name: 'asc', id: 'asc' } });
    return accounts.filter((account) => this.canSee(caller, account));
  }

  async get(caller: StaffMember, id: string): Promise<StaffAccount> {
    const account = await this.em.fork().findOne(StaffAccount, { id });
    if (!account || !this.canSee(caller, account)) throw notFound(id);
    return account;
  }

  async create(caller: StaffMember, input: CreateStaffAccountDto): Promise<{ account: StaffAccount; passwordSetupLink: string; linkExpiresAt: Date }> {
    const em = this.em.fork();
    const storeIds = await this.checkedStores(em, caller, input.role, input.storeIds);
    this.assertMayGive(caller, input.role);
    const now = new Date();
    const account = em.create(StaffAccount, {
      id: randomUUID(),
      email: input.email.trim().toLowerCase(),
      name: input.name,
      role: input.role,
      storeIds,
      // Nobody knows this password: the person sets their own through the setup link.
      passwordHash: await hashPassword(generatePassword()),
      passwordChangedAt: now,
      active: true,
      createdAt: now,
      updatedAt: now,
    });
    this.audit.record(em, auditActorOf(caller), { action: 'create', recordType: 'staff_account', recordId: account.id, changes: createdFields(account, AUDITED_FIELDS) });
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw staffError('STAFF_EMAIL_TAKEN', 'Another staff account has this email.', { field: 'email' });
      throw error;
    }
    const { link, expiresAt } = await this.auth.issuePasswordReset(em, account);
    return { account, passwordSetupLink: link, linkExpiresAt: expiresAt };
  }

  async update(caller: StaffMember, id: string, change: UpdateStaffAccountDto): Promise<StaffAccount> {
    const em = this.em.fork();
    const account = await em.findOne(StaffAccount, { id });
    if (!account || !this.canSee(caller, account)) throw notFound(id);
    this.assertMayManage(caller, account);
    if (change.role) this.assertMayGive(caller, change.role);
    if (account.id === caller.id && (change.role || change.active === false)) {
      throw staffError('CANNOT_CHANGE_OWN_ACCESS', 'Nobody changes their own role or deactivates themselves; ask another owner.');
    }
    const before = { ...account };
    const role = change.role ?? account.role;
    if (change.storeIds) account.storeIds = await this.checkedStores(em, caller, role, change.storeIds);
    if (change.name !== undefined) account.name = change.name;
    account.role = role;
    if (change.active !== undefined) account.active = change.active;
    if (account.role !== 'owner' && before.role === 'owner') await this.assertAnotherOwner(em, account.id);
    if (!account.active && before.active && account.role === 'owner') await this.assertAnotherOwner(em, account.id);
    const changes = changesBetween(before, account, AUDITED_FIELDS);
    if (Object.keys(changes).length === 0) return account;
    account.updatedAt = new Date();
    this.audit.record(em, auditActorOf(caller), { action: 'update', recordType: 'staff_account', recordId: account.id, changes });
    // Less access takes effect now, not when the access token expires.
    if (changes.active || changes.role || changes.storeIds) {
      await em.nativeUpdate(StaffSession, { staff: account.id, revokedAt: null }, { revokedAt: new Date(), revokedReason: 'access_changed' });
    }
    await em.flush();
    return account;
  }

  /** A one-time link for someone who forgot their password, handed over by an owner or manager. */
  async issuePasswordReset(caller: StaffMember, id: string): Promise<{ link: string; expiresAt: Date }> {
    const em = this.em.fork();
    const account = await em.findOne(StaffAccount, { id });
    if (!account || !this.canSee(caller, account)) throw notFound(id);
    this.assertMayManage(caller, account);
    return this.auth.issuePasswordReset(em, account);
  }

  /** Staff emails still to be delivered (until the email sender exists, an owner reads them here). */
  pendingEmails(): Promise<StaffEmail[]> {
    return this.em.fork().find(StaffEmail, { sentAt: null, expiresAt: { $gt: new Date() } }, { orderBy: { createdAt: 'desc' } });
  }

  private canSee(caller: StaffMember, account: StaffAccount): boolean {
    return caller.stores === 'all' || account.role === 'owner' || account.id === caller.id || account.storeIds.some((store) => worksIn(caller, store));
  }

  private assertMayManage(caller: StaffMember, account: StaffAccount): void {
    if (caller.role === 'owner') return;
    if (caller.role === 'manager' && ROLES_A_MANAGER_GIVES.includes(account.role)) return;
    throw staffError('STAFF_NOT_MANAGEABLE', `A ${caller.role} cannot change a ${account.role}'s account.`);
  }

  private assertMayGive(caller: StaffMember, role: StaffRole): void {
    if (caller.role === 'owner') return;
    if (caller.role === 'manager' && ROLES_A_MANAGER_GIVES.includes(role)) return;
    throw staffError('ROLE_NOT_GRANTABLE', `A ${caller.role} cannot give the ${role} role.`, { grantableRoles: caller.role === 'manager' ? ROLES_A_MANAGER_GIVES : [] });
  }

  /** Existing stores the caller works in; an owner's list is kept but means nothing. */
  private async checkedStores(em: EntityManager, caller: StaffMember, role: StaffRole, storeIds: string[]): Promise<string[]> {
    const unique = [...new Set(storeIds)];
    const known = new Set((await em.find(Store, { id: { $in: unique } })).map((store) => store.id));
    const unknown = unique.filter((id) => !known.has(id) || !worksIn(caller, id));
    if (unknown.length > 0) throw staffError('UNKNOWN_STORE', `No store with id ${unknown.join(', ')}.`, { field: 'storeIds' });
    if (role !== 'owner' && unique.length === 0) throw validationFailed([{ field: 'storeIds', problems: ['storeIds must name at least one store'] }]);
    return unique;
  }

  private async assertAnotherOwner(em: EntityManager, exceptId: string): Promise<void> {
    const others = await em.count(StaffAccount, { role: 'owner', active: true, id: { $ne: exceptId } });
    if (others === 0) throw staffError('LAST_OWNER', 'The shop must keep one active owner.');
  }
}

function notFound(id: string): DomainError {
  return staffError('STAFF_NOT_FOUND', `No staff member with id ${id}.`);
}
