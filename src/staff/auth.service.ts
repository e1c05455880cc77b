import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditTrail } from '../audit/audit-trail.service.js';
import { Authenticator, type StaffMember } from '../platform/auth/staff-auth.guard.js';
import { AppConfig } from '../platform/config/app-config.js';
import { LoginThrottle } from './login-throttle.service.js';
import { PasswordReset } from './password-reset.entity.js';
import { UNMATCHABLE_HASH, hashPassword, verifyPassword } from './passwords.js';
import { TOKEN_PREFIX, digestOf, newSecret } from './secret-tokens.js';
import { StaffAccount } from './staff-account.entity.js';
import { StaffAccountView } from './staff-account.view.js';
import { StaffEmail } from './staff-email.entity.js';
import { SessionToken, StaffSession } from './staff-session.entity.js';
import { staffError } from './staff-errors.js';

export interface IssuedTokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  staff: StaffAccountView;
}

interface PrincipalRow {
  id: string;
  name: string;
  role: StaffMember['role'];
  store_ids: string[];
  session_id: string | null;
}

const INVALID_CREDENTIALS = () => staffError('INVALID_CREDENTIALS', 'The email or password is not right.');
const INVALID_REFRESH = () => staffError('INVALID_REFRESH_TOKEN', 'This refresh token is unknown, expired or ended; sign in again.');

/**
 * Sign-in, token refresh, logout and passwords. Access tokens are short-lived and opaque;
 * refresh tokens rotate at every use, and one presented twice ends its session (it was copied).
 * Only digests of tokens are stored.
 */
@Injectable()
export class AuthService extends Authenticator {
  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditTrail,
  ) {
    super();
  }

  async login(emailInput: string, password: string, clientAddress: string): Promise<IssuedTokens> {
    const email = emailInput.trim().toLowerCase();
    await this.throttle.assertAllowed(email, clientAddress);
    const em = this.em.fork();
    const account = await em.findOne(StaffAccount, { email });
    // An unknown email costs a hash too, so timing does not tell which emails have accounts.
    const matches = await verifyPassword(password, account?.passwordHash ?? UNMATCHABLE_HASH);
    if (!account || !matches || !account.active) {
      await this.throttle.recordFailure(email, clientAddress);
      throw INVALID_CREDENTIALS();
    }
    await this.throttle.recordSuccess(email);
    const now = new Date();
    const session = em.create(StaffSession, {
      id: randomUUID(),
      staff: account,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.auth.sessionMaxAgeMs),
      revokedAt: null,
      revokedReason: null,
    });
    const tokens = this.issueTokens(em, session, account, now);
    await em.flush();
    return tokens;
  }

  /** New access and refresh tokens for a refresh token, which stops working. */
  async refresh(refreshToken: string): Promise<IssuedTokens> {
    if (!refreshToken.startsWith(TOKEN_PREFIX.refresh)) throw INVALID_REFRESH();
    const em = this.em.fork();
    const now = new Date();
    const token = await em.findOne(SessionToken, { digest: digestOf(refreshToken), kind: 'refresh' }, { populate: ['session', 'session.staff'] });
    if (!token) throw INVALID_REFRESH();
    const { session } = token;
    const account = session.staff;
    if (session.revokedAt || session.expiresAt <= now || token.expiresAt <= now || !account.active) throw INVALID_REFRESH();
    // Claimed in the database, so of two concurrent uses exactly one wins.
    const claimed = token.usedAt ? 0 : await em.nativeUpdate(SessionToken, { digest: token.digest, usedAt: null }, { usedAt: now });
    if (claimed === 0) {
      await this.endSession(em, session.id, 'refresh_token_reused', now);
      throw staffError('REFRESH_TOKEN_REUSED', 'This refresh token was already used: the session is ended for safety. Sign in again.');
    }
    const tokens = this.issueTokens(em, session, account, now);
    await em.flush();
    return tokens;
  }

  async logout(staff: StaffMember): Promise<void> {
    if (!staff.sessionId) throw staffError('NOT_A_SESSION', 'API keys do not sign in or out; revoke the key instead.');
    await this.endSession(this.em.fork(), staff.sessionId, 'logout', new Date());
  }

  async changePassword(staff: StaffMember, currentPassword: string, newPassword: string): Promise<void> {
    if (!staff.sessionId) throw staffError('NOT_A_SESSION', 'An API key has no password.');
    const em = this.em.fork();
    const account = await em.findOneOrFail(StaffAccount, { id: staff.id });
    if (!(await verifyPassword(currentPassword, account.passwordHash))) {
      throw staffError('CURRENT_PASSWORD_WRONG', 'The current password is not right.');
    }
    await this.setPassword(em, account, newPassword, { keepSessionId: staff.sessionId, actor: staff, reason: 'password_changed' });
  }

  /**
   * Starts a reset for whoever owns the email; says nothing about whether they exist. The link
   * goes out as a staff email (GET /staff/emails until the email sender exists).
   */
  async requestPasswordReset(emailInput: string): Promise<void> {
    const em = this.em.fork();
    const account = await em.findOne(StaffAccount, { email: emailInput.trim().toLowerCase(), active: true });
    if (account) await this.issuePasswordReset(em, account);
  }

  /** A one-time link for the account; returns the link for an owner resetting it for someone. */
  async issuePasswordReset(em: EntityManager, account: StaffAccount): Promise<{ link: string; expiresAt: Date }> {
    const now = new Date();
    const secret = newSecret('passwordReset');
    const expiresAt = new Date(now.getTime() + this.config.auth.passwordResetTtlMs);
    const link = new URL(`/reset-password#token=${secret}`, this.config.http.publicBaseUrl).toString();
    em.create(PasswordReset, { digest: digestOf(secret), staff: account, createdAt: now, expiresAt, usedAt: null });
    em.create(StaffEmail, {
      id: randomUUID(),
      staffId: account.id,
      toAddress: account.email,
      subject: 'Reset your Atelier password',
      body: `Hello ${account.name},\n\nSomeone asked to reset your Atelier password. If it was you, open this link before ${expiresAt.toISOString()} (it works once):\n\n${link}\n\nIf it was not you, ignore this email; your password stays as it is.`,
      expiresAt,
      createdAt: now,
      sentAt: null,
    });
    await em.flush();
    return { link, expiresAt };
  }

  async resetPassword(secret: string, newPassword: string): Promise<void> {
    const invalid = () => staffError('INVALID_RESET_TOKEN', 'This reset link is unknown, used or expired; ask for a new one.');
    if (!secret.startsWith(TOKEN_PREFIX.passwordReset)) throw invalid();
    const em = this.em.fork();
    const now = new Date();
    const reset = await em.findOne(PasswordReset, { digest: digestOf(secret) }, { populate: ['staff'] });
    if (!reset || reset.usedAt || reset.expiresAt <= now || !reset.staff.active) throw invalid();
    const claimed = await em.nativeUpdate(PasswordReset, { digest: reset.digest, usedAt: null }, { usedAt: now });
    if (claimed === 0) throw invalid();
    await this.setPassword(em, reset.staff, newPassword, { actor: { id: reset.staff.id, name: reset.staff.name }, reason: 'password_reset' });
  }

  /** The caller a bearer secret belongs to: a live access token's staff member, or an API key's role. */
  override async authenticate(bearer: string): Promise<StaffMember | undefined> {
    const isApiKey = bearer.startsWith(TOKEN_PREFIX.apiKey);
    if (!isApiKey && !bearer.startsWith(TOKEN_PREFIX.access)) return undefined;
    const digest = digestOf(bearer);
    const connection = this.em.getConnection();
    const rows: PrincipalRow[] = isApiKey
      ? await connection.execute(
          `update api_keys set last_used_at = now() where digest = ? and revoked_at is null
           returning 'api-key:' || id as id, name, role, store_ids, null as session_id`,
          [digest],
        )
      : await connection.execute(
          `select a.id, a.name, a.role, a.store_ids, s.id as session_id
             from session_tokens t join staff_sessions s on s.id = t.session_id join staff_accounts a on a.id = s.staff_id
            where t.digest = ? and t.kind = 'access' and t.expires_at > now() and s.revoked_at is null and s.expires_at > now() and a.active`,
          [digest],
        );
    const row = rows[0];
    if (!row) return undefined;
    const stores = row.role === 'owner' ? 'all' : typeof row.store_ids === 'string' ? (JSON.parse(row.store_ids) as string[]) : row.store_ids;
    return { id: row.id, name: row.name, role: row.role, stores, ...(row.session_id ? { sessionId: row.session_id } : {}) };
  }

  private issueTokens(em: EntityManager, session: StaffSession, account: StaffAccount, now: Date): IssuedTokens {
    const accessToken = newSecret('access');
    const refreshToken = newSecret('refresh');
    const accessExpiresAt = new Date(Math.min(now.getTime() + this.config.auth.accessTokenTtlMs, session.expiresAt.getTime()));
    const refreshExpiresAt = new Date(Math.min(now.getTime() + this.config.auth.refreshTokenTtlMs, session.expiresAt.getTime()));
    em.create(SessionToken, { digest: digestOf(accessToken), session, kind: 'access', expiresAt: accessExpiresAt, usedAt: null });
    em.create(SessionToken, { digest: digestOf(refreshToken), session, kind: 'refresh', expiresAt: refreshExpiresAt, usedAt: null });
    return {
      accessToken,
      accessTokenExpiresAt: accessExpiresAt.toISOString(),
      refreshToken,
      refreshTokenExpiresAt: refreshExpiresAt.toISOString(),
      staff: StaffAccountView.of(account),
    };
  }

  private async endSession(em: EntityManager, sessionId: string, reason: string, now: Date): Promise<void> {
    await em.nativeUpdate(StaffSession, { id: sessionId, revokedAt: null }, { revokedAt: now, revokedReason: reason });
  }

  /** Sets a new password and ends every other sign-in of the account. */
  private async setPassword(
    em: EntityManager,
    account: StaffAccount,
    newPassword: string,
    options: { keepSessionId?: string; actor: Pick<StaffMember, 'id' | 'name'>; reason: string },
  ): Promise<void> {
    const now = new Date();
    account.passwordHash = await hashPassword(newPassword);
    account.passwordChangedAt = now;
    account.updatedAt = now;
    await em.nativeUpdate(
      StaffSession,
      { staff: account.id, revokedAt: null, ...(options.keepSessionId ? { id: { $ne: options.keepSessionId } } : {}) },
      { revokedAt: now, revokedReason: options.reason },
    );
    this.audit.record(em, { kind: 'staff', id: options.actor.id, name: options.actor.name }, {
      action: options.reason,
      recordType: 'staff_account',
      recordId: account.id,
      changes: { passwordChangedAt: { after: now.toISOString() } },
    });
    await em.flush();
  }
}
