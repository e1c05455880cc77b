import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STAFF_ROLES, type StaffRole } from '../../workflows/shared/job-model.js';
import type { ApiKey } from './api-key.entity.js';
import { StaffAccountView } from './staff-account.view.js';
import type { StaffEmail } from './staff-email.entity.js';

export class NewStaffAccountView {
  @ApiProperty({ type: StaffAccountView }) account!: StaffAccountView;
  @ApiProperty({ description: 'Give this link to the person: it sets their password, once, before linkExpiresAt.' }) passwordSetupLink!: string;
  @ApiProperty() linkExpiresAt!: string;
}

export class PasswordResetLinkView {
  @ApiProperty({ description: 'Give this link to the person: it sets a new password, once.' }) link!: string;
  @ApiProperty() expiresAt!: string;
}

export class ApiKeyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The first characters of the key, to tell keys apart.' }) prefix!: string;
  @ApiProperty({ enum: STAFF_ROLES }) role!: StaffRole;
  @ApiProperty({ type: [String] }) storeIds!: string[];
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) revokedAt!: string | null;

  static of(key: ApiKey): ApiKeyView {
    return {
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      role: key.role,
      storeIds: key.storeIds,
      createdAt: key.createdAt.toISOString(),
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      revokedAt: key.revokedAt?.toISOString() ?? null,
    };
  }
}

export class NewApiKeyView {
  @ApiProperty({ type: ApiKeyView }) key!: ApiKeyView;
  @ApiProperty({ description: 'The key itself: shown this once, never again. Send as "Authorization: Bearer <secret>".' }) secret!: string;
}

export class StaffEmailView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() staffId!: string;
  @ApiProperty() to!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() body!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() expiresAt!: string;

  static of(email: StaffEmail): StaffEmailView {
    return {
      id: email.id,
      staffId: email.staffId,
      to: email.toAddress,
      subject: email.subject,
      body: email.body,
      createdAt: email.createdAt.toISOString(),
      expiresAt: email.expiresAt.toISOString(),
    };
  }
}
