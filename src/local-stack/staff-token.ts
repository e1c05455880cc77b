import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Name and role of the generated token in STAFF_API_TOKENS. */
export const DEMO_STAFF = { name: 'demo', role: 'owner' } as const;

/**
 * The demo staff token: generated on the first start and kept in `<stateDir>/staff-token`
 * (readable by the owner only), so commands and scripts keep working across restarts.
 */
export async function loadOrCreateStaffToken(stateDir: string): Promise<string> {
  const file = join(stateDir, 'staff-token');
  const existing = await readFile(file, 'utf8').then((text) => text.trim(), () => undefined);
  if (existing && /^[A-Za-z0-9_-]{24,}$/.test(existing)) return existing;

  const token = randomBytes(24).toString('hex');
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  await chmod(file, 0o600); // the mode above applies only to a new file
  return token;
}

export function demoStaffApiTokens(token: string): string {
  return `${DEMO_STAFF.name}:${DEMO_STAFF.role}:${token}`;
}
