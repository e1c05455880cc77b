import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import { AppConfig } from '../platform/config/app-config.js';
import { staffError } from './staff-errors.js';

/**
 * Counts failed sign-ins per account and per client address in Redis (shared by every API
 * instance), so guessing a password costs hours, not seconds. Keys hold digests, never the
 * email or the address themselves.
 */
@Injectable()
export class LoginThrottle implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(private readonly config: AppConfig) {
    this.redis = new Redis(config.redis.url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }

  /** Refuses with 429 while either counter is at its limit. */
  async assertAllowed(email: string, address: string): Promise<void> {
    const [account, client] = await this.redis.mget(this.accountKey(email), this.addressKey(address));
    const { loginFailuresPerAccount, loginFailuresPerAddress } = this.config.auth;
    const limited = Number(account ?? 0) >= loginFailuresPerAccount ? this.accountKey(email) : Number(client ?? 0) >= loginFailuresPerAddress ? this.addressKey(address) : undefined;
    if (!limited) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((await this.redis.pttl(limited)) / 1000));
    throw staffError('TOO_MANY_LOGIN_ATTEMPTS', `Too many failed sign-ins; try again in ${retryAfterSeconds} s or ask an owner to reset the password.`, {
      retryAfterSeconds,
    });
  }

  async recordFailure(email: string, address: string): Promise<void> {
    const windowMs = this.config.auth.loginFailureWindowMs;
    const pipeline = this.redis.multi();
    for (const key of [this.accountKey(email), this.addressKey(address)]) {
      pipeline.incr(key);
      // The window starts at the first failure; later failures do not extend it.
      pipeline.pexpire(key, windowMs, 'NX');
    }
    await pipeline.exec();
  }

  /** A successful sign-in clears the account's count (the address keeps its own). */
  async recordSuccess(email: string): Promise<void> {
    await this.redis.del(this.accountKey(email));
  }

  private accountKey(email: string): string {
    return `${this.config.redis.queuePrefix}:login-failures:account:${digest(email)}`;
  }

  private addressKey(address: string): string {
    return `${this.config.redis.queuePrefix}:login-failures:address:${digest(address)}`;
  }
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}
