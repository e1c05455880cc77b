/**
 * `node dist/src/staff/create-owner.js <email> [name]`: a deployment's first owner. Prints the
 * generated password once, on this terminal only (never to a log); does nothing if the shop has
 * staff already. Needs DATABASE_URL, after the migrations.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { mikroOrmOptions } from '../platform/database/mikro-orm.options.js';
import { createFirstOwner } from './first-owner.js';

const [email, name = 'Owner'] = process.argv.slice(2);
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl || !email || !/^[^\s@]+@[^\s@]+$/.test(email)) {
  console.error('Usage: DATABASE_URL=... node dist/src/staff/create-owner.js <email> [name]');
  process.exit(2);
}
const orm = await MikroORM.init(mikroOrmOptions(databaseUrl));
try {
  const owner = await createFirstOwner(orm.em.fork(), { email, name });
  if (!owner) {
    console.error('The shop has staff accounts already: an owner adds people with POST /staff.');
    process.exitCode = 1;
  } else {
    process.stdout.write(`Owner ${owner.email} created. Password (shown once; change it with POST /auth/password):\n${owner.password}\n`);
  }
} finally {
  await orm.close(true);
}
