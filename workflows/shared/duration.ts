/**
 * Policy durations as people write them: a whole number and a unit, `30s`, `15m`, `2h`, `7d`.
 * Pure code, so workflows (timers) and the API (validation) read them the same way.
 */
export type PolicyDuration = `${number}${'s' | 'm' | 'h' | 'd'}`;

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export const POLICY_DURATION_PATTERN = /^(\d{1,6})([smhd])$/;

export function isPolicyDuration(value: unknown): value is PolicyDuration {
  return typeof value === 'string' && POLICY_DURATION_PATTERN.test(value);
}

/** Milliseconds of a policy duration; throws on anything else (validate at the edge first). */
export function durationMs(duration: PolicyDuration): number {
  const match = POLICY_DURATION_PATTERN.exec(duration);
  if (!match) throw new Error(`Not a policy duration: ${JSON.stringify(duration)} (expected e.g. 30s, 15m, 2h, 7d)`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
