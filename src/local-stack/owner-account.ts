import { MikroORM } from '@mikro-orm/postgresql';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mikroOrmOptions } from '../platform/database/mikro-orm.options.js';
import { ApiKey } from '../staff/api-key.entity.js';
import { createFirstOwner } from '../staff/first-owner.js';
import { digestOf } from '../staff/secret-tokens.js';
import { StaffAccount } from '../staff/staff-account.entity.js';

export const LOCAL_OWNER = { email: 'owner@atelier.local', name: 'Olivia Owner' } as const;

/** The local shop's owner: who `npm start` signs you in as. */
export interface LocalOwner {
  id: string;
  email: string;
  password: string;
  apiKey: string;
}

/**
 * The owner of the local shop, made on the first start with an API key for the example
 * commands, both kept in `<stateDir>/owner.json` (readable by you only) and printed at every
 * start. Undefined when the database has staff this stack did not make (a DATABASE_URL of yours).
 */
export async function ensureLocalOwner(databaseUrl: string, stateDir: string): Promise<LocalOwner | undefined> {
  const file = join(stateDir, 'owner.json');
  const saved = await readFile(file, 'utf8').then((text) => JSON.parse(text) as LocalOwner, () => undefined);
  const orm = await MikroORM.init(mikroOrmOptions(databaseUrl));
  try {
    const em = orm.em.fork();
    if (saved && (await stillValid(em, saved))) return saved;
    const created = await createFirstOwner(em, { ...LOCAL_OWNER, withApiKey: 'npm start example commands' });
    if (!created?.apiKey) return undefined;
    const owner: LocalOwner = { id: created.id, email: created.email, password: created.password, apiKey: created.apiKey };
    await writeFile(file, `${JSON.stringify(owner, null, 2)}\n`, { mode: 0o600 });
    await chmod(file, 0o600); // the mode above applies only to a new file
    return owner;
  } finally {
    await orm.close(true);
  }
}

/** The saved owner still exists and its key still works (the database may have been reset). */
async function stillValid(em: ReturnType<MikroORM['em']['fork']>, owner: LocalOwner): Promise<boolean> {
  const [account, key] = await Promise.all([em.findOne(StaffAccount, { id: owner.id, active: true }), em.findOne(ApiKey, { digest: digestOf(owner.apiKey), revokedAt: null })]);
  return Boolean(account && key);
}
