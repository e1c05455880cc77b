import { ApiProperty } from '@nestjs/swagger';
import { STAFF_ROLES, type StaffRole } from '../../workflows/shared/job-model.js';
import type { StaffAccount } from './staff-account.entity.js';

/** A staff account as the API shows it (never its password hash). */
export class StaffAccountView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: STAFF_ROLES }) role!: StaffRole;
  @ApiProperty({ type: [String], description: 'The stores this person works in (an owner works in all).' }) storeIds!: string[];
  @ApiProperty() active!: boolean;
  @ApiProperty() passwordChangedAt!: string;
  @ApiProperty() createdAt!: string;

  static of(account: StaffAccount): StaffAccountView {
    return {
      id: account.id,
      email: account.email,
      name: account.name,
      role: account.role,
      storeIds: account.storeIds,
      active: account.active,
      passwordChangedAt: account.passwordChangedAt.toISOString(),
      createdAt: account.createdAt.toISOString(),
    };
  }
}
