import { createHash, randomBytes } from 'node:crypto';

/**
 * Bearer secrets: 32 random bytes behind a readable prefix that says what the secret is
 * (`atl_at_` access token, `atl_rt_` refresh token, `atl_key_` API key, `atl_pr_` password
 * reset), so a leaked one is recognised by secret scanners and by people.
 */
export const TOKEN_PREFIX = { access: 'atl_at_', refresh: 'atl_rt_', apiKey: 'atl_key_', passwordReset: 'atl_pr_' } as const;

export function newSecret(kind: keyof typeof TOKEN_PREFIX): string {
  return `${TOKEN_PREFIX[kind]}${randomBytes(32).toString('base64url')}`;
}

/** What is stored instead of a secret: with 256 random bits a fast digest is enough (no salt, no stretching). */
export function digestOf(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
