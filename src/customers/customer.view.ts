import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JobView } from '../jobs/job.view.js';
import { AddressDto } from '../stores/dto/create-store.dto.js';
import type { CustomerConsentChange, CustomerInteraction, CustomerOccasion } from './customer-records.entity.js';
import { CONTACT_CHANNELS, type Customer, type CustomerPreferences, type CustomerSizes } from './customer.entity.js';

export class CustomerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty({ example: '+15551234567' }) phone!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) email!: string | null;
  @ApiPropertyOptional({ nullable: true, type: AddressDto }) address!: AddressDto | null;
  @ApiProperty({ enum: CONTACT_CHANNELS }) preferredChannel!: string;
  @ApiProperty({ example: 'en' }) language!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'America/Chicago' }) timeZone!: string | null;
  @ApiProperty() smsConsent!: boolean;
  @ApiProperty() emailConsent!: boolean;
  @ApiProperty({ description: 'Metals, colours, styles and stones the customer likes.' }) preferences!: CustomerPreferences;
  @ApiProperty({ description: 'Ring sizes per finger (US and ISO 8653 circumference, with the diameter), wrist and chain length.' }) sizes!: CustomerSizes;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'Set when this record was merged into another: read that one.' }) mergedInto!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static of(customer: Customer): CustomerView {
    return {
      id: customer.id,
      firstName: customer.firstName,
      lastName: customer.lastName,
      phone: customer.phone,
      email: customer.email ?? null,
      address: customer.address ?? null,
      preferredChannel: customer.preferredChannel,
      language: customer.language,
      timeZone: customer.timeZone ?? null,
      smsConsent: customer.smsConsent,
      emailConsent: customer.emailConsent,
      preferences: customer.preferences,
      sizes: customer.sizes,
      mergedInto: customer.mergedInto ?? null,
      createdAt: customer.createdAt.toISOString(),
      updatedAt: customer.updatedAt.toISOString(),
    };
  }
}

export class ConsentChangeView {
  @ApiProperty({ enum: ['sms', 'email'] }) channel!: string;
  @ApiProperty() granted!: boolean;
  @ApiProperty() source!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() recordedBy!: string;

  static of(change: CustomerConsentChange): ConsentChangeView {
    return { channel: change.channel, granted: change.granted, source: change.source, at: change.at.toISOString(), recordedBy: change.recordedByName };
  }
}

export class OccasionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ example: '--06-14' }) date!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) withWhom!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) note!: string | null;

  static of(occasion: CustomerOccasion): OccasionView {
    return { id: occasion.id, kind: occasion.kind, date: occasion.date, withWhom: occasion.withWhom ?? null, note: occasion.note ?? null };
  }
}

export class InteractionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() channel!: string;
  @ApiProperty() summary!: string;
  @ApiProperty() staffName!: string;

  static of(interaction: CustomerInteraction): InteractionView {
    return { id: interaction.id, at: interaction.at.toISOString(), channel: interaction.channel, summary: interaction.summary, staffName: interaction.staffName };
  }
}

export class MoneyTotalView {
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: 125000, description: 'Minor units.' }) amountMinor!: number;
}

/** Everything the shop knows of a customer, on one page. */
export class CustomerProfileView extends CustomerView {
  @ApiProperty({ type: [ConsentChangeView], description: 'Every grant and withdrawal, newest first.' }) consentHistory!: ConsentChangeView[];
  @ApiProperty({ type: [OccasionView] }) occasions!: OccasionView[];
  @ApiProperty({ type: [InteractionView], description: 'The latest 50 notes and contacts, newest first.' }) interactions!: InteractionView[];
  @ApiProperty({ type: [MoneyTotalView], description: 'Payments recorded, less refunds, per currency.' }) lifetimeValue!: MoneyTotalView[];
  @ApiProperty({ type: [JobView], description: "The customer's repairs and orders in your stores, newest first (at most 100)." }) jobs!: JobView[];
}
