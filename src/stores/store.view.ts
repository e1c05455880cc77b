import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { StorePolicy } from '../../workflows/shared/store-policy.js';
import type { OpeningHours, PostalAddress, Store } from './store.entity.js';

export class StoreView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'DT' }) code!: string;
  @ApiProperty({ example: 'Downtown' }) name!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: '+15551230000' }) phone!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ type: Object, example: { line1: '1 Main St', city: 'Springfield', country: 'US' } }) address!: PostalAddress;
  @ApiProperty({ example: 'America/New_York' }) timeZone!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ type: Object, example: { '1': { open: '10:00', close: '18:00' } }, description: 'Per weekday (0 = Sunday); a missing day is closed.' }) openingHours!: OpeningHours;
  @ApiProperty({ type: Object, description: 'The policy in force: the store’s own values over the shipped defaults.' }) policy!: StorePolicy;

  static of(store: Store, policy: StorePolicy): StoreView {
    return {
      id: store.id,
      code: store.code,
      name: store.name,
      phone: store.phone ?? null,
      email: store.email ?? null,
      address: store.address,
      timeZone: store.timeZone,
      currency: store.currency,
      openingHours: store.openingHours,
      policy,
    };
  }
}
