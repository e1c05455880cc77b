import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Customer } from './customer.entity.js';

export class CustomerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty({ example: '+15551234567' }) phone!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) email!: string | null;
  @ApiProperty() smsConsent!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static of(customer: Customer): CustomerView {
    return {
      id: customer.id,
      firstName: customer.firstName,
      lastName: customer.lastName,
      phone: customer.phone,
      email: customer.email ?? null,
      smsConsent: customer.smsConsent,
      createdAt: customer.createdAt.toISOString(),
    };
  }
}
