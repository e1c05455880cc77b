import { defineEntity, p } from '@mikro-orm/core';
import { StaffAccount } from './staff-account.entity.js';

/**
 * One sign-in on one device: the chain of refresh tokens it has been given. Logout, a password
 * change or a refresh token presented twice (stolen) ends it, and every token it issued.
 */
const StaffSessionSchema = defineEntity({
  name: 'StaffSession',
  tableName: 'staff_sessions',
  properties: {
    id: p.uuid().primary(),
    staff: () => p.manyToOne(StaffAccount).index(),
    createdAt: p.datetime(),
    /** The session cannot be refreshed past this, however active. */
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    revokedReason: p.string().length(40).nullable(),
  },
});

export class StaffSession extends StaffSessionSchema.class {}
StaffSessionSchema.setClass(StaffSession);

export const SESSION_TOKEN_KINDS = ['access', 'refresh'] as const;

/** A token a session issued, kept as its SHA-256 digest only. */
const SessionTokenSchema = defineEntity({
  name: 'SessionToken',
  tableName: 'session_tokens',
  properties: {
    /** Hex SHA-256 of the token: the token itself is never stored. */
    digest: p.string().length(64).primary(),
    session: () => p.manyToOne(StaffSession).index(),
    kind: p.enum(SESSION_TOKEN_KINDS),
    expiresAt: p.datetime(),
    /** A refresh token works once: its second use means it was copied. */
    usedAt: p.datetime().nullable(),
  },
});

export class SessionToken extends SessionTokenSchema.class {}
SessionTokenSchema.setClass(SessionToken);
