import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditTrail, auditActorOf, createdFields } from '../audit/audit-trail.service.js';
import type { StaffMember } from '../platform/auth/staff-auth.guard.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { Customer } from './customer.entity.js';
import type { CreateCustomerDto } from './dto/create-customer.dto.js';

@Injectable()
export class CustomersService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditTrail,
  ) {}

  async create(staff: StaffMember, input: CreateCustomerDto): Promise<Customer> {
    const customer = this.em.create(Customer, {
      id: randomUUID(),
      firstName: input.firstName,
      lastName: input.lastName,
      phone: input.phone,
      email: input.email?.trim().toLowerCase() ?? null,
      smsConsent: input.smsConsent ?? true,
      createdAt: new Date(),
    });
    // Names and numbers stay in the customer record; the audit keeps who created it and the consent given.
    this.audit.record(this.em, auditActorOf(staff), { action: 'create', recordType: 'customer', recordId: customer.id, changes: createdFields(customer, ['smsConsent']) });
    await this.em.flush();
    return customer;
  }

  async get(id: string): Promise<Customer> {
    const customer = await this.em.findOne(Customer, { id });
    if (!customer) throw new DomainError('not_found', 'CUSTOMER_NOT_FOUND', `No customer with id ${id}.`);
    return customer;
  }
}
