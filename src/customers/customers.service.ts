import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type AuditActor, AuditTrail, type AuditChanges, auditActorOf } from '../audit/audit-trail.service.js';
import type { StaffMember } from '../platform/auth/staff-auth.guard.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { validationFailed } from '../platform/http/validation.js';
import { CustomerConsentChange, CustomerInteraction, CustomerOccasion } from './customer-records.entity.js';
import { Customer, type CustomerSizes } from './customer.entity.js';
import type { CreateCustomerDto, SizesDto } from './dto/create-customer.dto.js';
import type { ConsentChangeDto, InteractionDto, OccasionDto, UpdateCustomerDto } from './dto/customer-changes.dto.js';
import { ringSizeOf } from './ring-sizes.js';
import { customerError } from './customer-errors.js';

/** Contact details: the audit says that they changed and who changed them, never their values. */
const CONTACT_FIELDS = ['firstName', 'lastName', 'phone', 'email', 'address'] as const;
const PROFILE_FIELDS = ['preferredChannel', 'language', 'timeZone', 'preferences', 'sizes'] as const;

/** Customers of the shop (shared by its stores): their details, consent, sizes, dates and notes. */
@Injectable()
export class CustomersService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditTrail,
  ) {}

  async create(staff: StaffMember, input: CreateCustomerDto): Promise<Customer> {
    const em = this.em.fork();
    const now = new Date();
    const customer = em.create(Customer, {
      id: randomUUID(),
      firstName: input.firstName,
      lastName: input.lastName,
      phone: input.phone,
      email: input.email?.trim().toLowerCase() ?? null,
      address: input.address ? { ...input.address } : null,
      preferredChannel: input.preferredChannel ?? 'sms',
      language: input.language ?? 'en',
      timeZone: input.timeZone ?? null,
      smsConsent: input.smsConsent ?? true,
      emailConsent: input.emailConsent ?? false,
      preferences: { ...input.preferences },
      sizes: sizesOf(input.sizes),
      mergedInto: null,
      createdAt: now,
      updatedAt: now,
    });
    if (customer.emailConsent && !customer.email) throw noEmailForConsent();
    const source = input.consentSource ?? 'counter';
    for (const channel of ['sms', 'email'] as const) {
      this.recordConsent(em, customer, auditActorOf(staff), { channel, granted: channel === 'sms' ? customer.smsConsent : customer.emailConsent, source }, now);
    }
    // Names and numbers stay in the customer record; the audit keeps who created it and the consents given.
    this.audit.record(em, auditActorOf(staff), {
      action: 'create',
      recordType: 'customer',
      recordId: customer.id,
      changes: { smsConsent: { after: customer.smsConsent }, emailConsent: { after: customer.emailConsent } },
    });
    await em.flush();
    return customer;
  }

  async get(id: string, em: EntityManager = this.em.fork()): Promise<Customer> {
    const customer = await em.findOne(Customer, { id });
    if (!customer) throw customerError('CUSTOMER_NOT_FOUND', `No customer with id ${id}.`);
    return customer;
  }

  async update(staff: StaffMember, id: string, change: UpdateCustomerDto): Promise<Customer> {
    const em = this.em.fork();
    const customer = await this.live(em, id);
    const changes: AuditChanges = {};
    const given = { ...change, email: change.email?.trim().toLowerCase(), sizes: change.sizes && sizesOf(change.sizes) } as Partial<Customer>;
    for (const field of CONTACT_FIELDS) {
      if (given[field] !== undefined && JSON.stringify(given[field]) !== JSON.stringify(customer[field])) changes[field] = {};
    }
    for (const field of PROFILE_FIELDS) {
      if (given[field] !== undefined && JSON.stringify(given[field]) !== JSON.stringify(customer[field])) changes[field] = { before: customer[field], after: given[field] };
    }
    if (Object.keys(changes).length === 0) return customer;
    for (const field of Object.keys(changes) as (keyof Customer)[]) Object.assign(customer, { [field]: given[field] });
    customer.updatedAt = new Date();
    this.audit.record(em, auditActorOf(staff), { action: 'update', recordType: 'customer', recordId: customer.id, changes });
    await em.flush();
    return customer;
  }

  /** Grants or withdraws a consent, recording when, how and by whom; the same answer twice records nothing. */
  async changeConsent(staff: StaffMember, id: string, change: ConsentChangeDto): Promise<Customer> {
    const em = this.em.fork();
    const customer = await this.live(em, id);
    await this.applyConsent(em, customer, auditActorOf(staff), change);
    return customer;
  }

  /**
   * The customer's own keyword by text (STOP, START): every live customer with that number, since
   * consent belongs to the phone that said it. Answers the customers it applied to.
   */
  async smsKeywordConsent(phone: string, granted: boolean): Promise<Customer[]> {
    const em = this.em.fork();
    const customers = await em.find(Customer, { phone, mergedInto: null });
    for (const customer of customers) await this.applyConsent(em, customer, { kind: 'customer', id: customer.id, name: customer.firstName }, { channel: 'sms', granted, source: 'sms_keyword' });
    return customers;
  }

  /** The customer clicked the unsubscribe link of an email (or their mail app did, one-click). */
  async emailLinkUnsubscribe(customerId: string): Promise<Customer | undefined> {
    const em = this.em.fork();
    let customer = await em.findOne(Customer, { id: customerId });
    for (let hops = 0; customer?.mergedInto && hops < 10; hops += 1) customer = await em.findOne(Customer, { id: customer.mergedInto });
    if (!customer) return undefined;
    await this.applyConsent(em, customer, { kind: 'customer', id: customer.id, name: customer.firstName }, { channel: 'email', granted: false, source: 'email_link' });
    return customer;
  }

  private async applyConsent(em: EntityManager, customer: Customer, actor: AuditActor, change: Pick<ConsentChangeDto, 'channel' | 'granted' | 'source'>): Promise<void> {
    const field = change.channel === 'sms' ? 'smsConsent' : 'emailConsent';
    if (customer[field] === change.granted) return;
    if (field === 'emailConsent' && change.granted && !customer.email) throw noEmailForConsent();
    const now = new Date();
    this.audit.record(em, actor, {
      action: 'consent_change',
      recordType: 'customer',
      recordId: customer.id,
      changes: { [field]: { before: customer[field], after: change.granted }, source: { after: change.source } },
    });
    customer[field] = change.granted;
    customer.updatedAt = now;
    this.recordConsent(em, customer, actor, change, now);
    await em.flush();
  }

  async addOccasion(staff: StaffMember, id: string, input: OccasionDto): Promise<CustomerOccasion> {
    assertRealDate(input.date);
    const em = this.em.fork();
    const customer = await this.live(em, id);
    const occasion = em.create(CustomerOccasion, {
      id: randomUUID(),
      customer,
      kind: input.kind,
      date: input.date,
      withWhom: input.withWhom ?? null,
      note: input.note ?? null,
      createdAt: new Date(),
    });
    this.audit.record(em, auditActorOf(staff), { action: 'create', recordType: 'customer_occasion', recordId: occasion.id, changes: { kind: { after: input.kind }, date: { after: input.date } } });
    await em.flush();
    return occasion;
  }

  async removeOccasion(staff: StaffMember, id: string, occasionId: string): Promise<void> {
    const em = this.em.fork();
    const occasion = await em.findOne(CustomerOccasion, { id: occasionId, customer: id });
    if (!occasion) throw customerError('OCCASION_NOT_FOUND', `No occasion with id ${occasionId} for this customer.`);
    this.audit.record(em, auditActorOf(staff), { action: 'delete', recordType: 'customer_occasion', recordId: occasion.id, changes: { kind: { before: occasion.kind }, date: { before: occasion.date } } });
    em.remove(occasion);
    await em.flush();
  }

  async addInteraction(staff: StaffMember, id: string, input: InteractionDto): Promise<CustomerInteraction> {
    const em = this.em.fork();
    const customer = await this.live(em, id);
    const interaction = em.create(CustomerInteraction, {
      id: randomUUID(),
      customer,
      at: new Date(),
      channel: input.channel,
      summary: input.summary,
      staffId: staff.id,
      staffName: staff.name,
    });
    await em.flush();
    return interaction;
  }

  /** A customer that may change: not merged into another record. */
  private async live(em: EntityManager, id: string): Promise<Customer> {
    const customer = await this.get(id, em);
    if (customer.mergedInto) {
      throw customerError('CUSTOMER_MERGED', `This record was merged into ${customer.mergedInto}; change that one.`, { mergedInto: customer.mergedInto });
    }
    return customer;
  }

  private recordConsent(em: EntityManager, customer: Customer, actor: AuditActor, change: Pick<ConsentChangeDto, 'channel' | 'granted' | 'source'>, at: Date): void {
    em.create(CustomerConsentChange, { id: randomUUID(), customer, channel: change.channel, granted: change.granted, source: change.source, at, recordedById: actor.id ?? null, recordedByName: actor.name });
  }
}

/** Sizes as stored: each ring size in both systems, with its diameter. */
function sizesOf(input: SizesDto | undefined): CustomerSizes {
  if (!input) return {};
  const problems = (input.rings ?? []).flatMap((ring, index) =>
    ring.us === undefined && ring.isoMm === undefined ? [{ field: `sizes.rings.${index}`, problems: [`sizes.rings.${index} needs us or isoMm`] }] : [],
  );
  if (problems.length > 0) throw validationFailed(problems);
  const fingers = (input.rings ?? []).map((ring) => ring.finger);
  if (new Set(fingers).size !== fingers.length) throw validationFailed([{ field: 'sizes.rings', problems: ['sizes.rings has a finger twice'] }]);
  return {
    ...(input.rings ? { rings: input.rings.map((ring) => ringSizeOf(ring.finger, ring)) } : {}),
    ...(input.wristCm !== undefined ? { wristCm: input.wristCm } : {}),
    ...(input.chainLengthCm !== undefined ? { chainLengthCm: input.chainLengthCm } : {}),
  };
}

function assertRealDate(date: string): void {
  const [year, month, day] = date.startsWith('--') ? [2000, ...date.slice(2).split('-').map(Number)] : date.split('-').map(Number);
  const parsed = new Date(Date.UTC(year, month - 1, day));
  if (parsed.getUTCMonth() !== month - 1 || parsed.getUTCDate() !== day) throw validationFailed([{ field: 'date', problems: [`date ${date} is not a day of the calendar`] }]);
}

function noEmailForConsent(): DomainError {
  return validationFailed([{ field: 'emailConsent', problems: ['emailConsent needs an email address'] }]);
}
