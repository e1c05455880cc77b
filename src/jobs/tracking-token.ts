import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The 192-bit secret of a job's tracking link, and the digest it is looked up by. */
export function newTrackingToken(): { trackingToken: string; trackingTokenDigest: string } {
  const trackingToken = randomBytes(24).toString('base64url');
  return { trackingToken, trackingTokenDigest: trackingTokenDigest(trackingToken) };
}

/**
 * Links are looked up by the SHA-256 of the token, never the token itself: how long the index
 * search takes tells nothing about the secret, and the final comparison is constant-time.
 */
export function trackingTokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function sameToken(stored: string, given: string): boolean {
  const a = Buffer.from(trackingTokenDigest(stored), 'hex');
  const b = Buffer.from(trackingTokenDigest(given), 'hex');
  return timingSafeEqual(a, b);
}

/** The shape every tracking token has (24 random bytes, base64url). */
export const TRACKING_TOKEN = /^[\w-]{32}$/;
