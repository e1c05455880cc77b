import { createHash } from 'node:crypto';
import { hashPassword } from '../../src/staff/passwords.js';
import { MAIN_STORE_ID } from '../../src/stores/store.entity.js';
import { sql } from './sql.js';
import { STAFF, STAFF_PASSWORD, staffEmailOf } from './test-config.js';

/**
 * Puts the test staff into a database (main store), each with a session and an access token valid
 * for a day. The main store texts at any hour, so no test depends on the time of day it runs at;
 * the quiet-hours tests set their own.
 */
export async function seedStaff(databaseUrl: string): Promise<void> {
  await sql(databaseUrl, `update stores set policy = policy || '{"quietHours": {"start": "00:00", "end": "00:00"}}'::jsonb where id = $1`, [MAIN_STORE_ID]);
  const passwordHash = await hashPassword(STAFF_PASSWORD);
  for (const member of Object.values(STAFF)) {
    const sessionId = member.id.replace(/^5eed/, '5e55');
    await sql(
      databaseUrl,
      `insert into staff_accounts (id, email, name, role, store_ids, password_hash, password_changed_at, active, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, now(), true, now(), now()) on conflict (id) do nothing`,
      [member.id, staffEmailOf(member), member.name, member.role, JSON.stringify(member.role === 'owner' ? [] : [MAIN_STORE_ID]), passwordHash],
    );
    await sql(databaseUrl, `insert into staff_sessions (id, staff_id, created_at, expires_at) values ($1, $2, now(), now() + interval '1 day') on conflict (id) do nothing`, [sessionId, member.id]);
    await sql(
      databaseUrl,
      `insert into session_tokens (digest, session_id, kind, expires_at) values ($1, $2, 'access', now() + interval '1 day') on conflict (digest) do nothing`,
      [createHash('sha256').update(member.token).digest('hex'), sessionId],
    );
  }
}
