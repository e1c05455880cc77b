import { defineEntity, p } from '@mikro-orm/core';
import { StaffAccount } from './staff-account.entity.js';

/** A one-time password reset link, kept as a digest; used once, short-lived. */
const PasswordResetSchema = defineEntity({
  name: 'PasswordReset',
  tableName: 'password_resets',
  properties: {
    digest: p.string().length(64).primary(),
    staff: () => p.manyToOne(StaffAccount).index(),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
  },
});

export class PasswordReset extends PasswordResetSchema.class {}
PasswordResetSchema.setClass(PasswordReset);
