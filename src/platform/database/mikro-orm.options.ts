import { Migrator } from '@mikro-orm/migrations';
import { type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

/**
 * ORM options shared by the API, the worker, the migration command and the tests.
 * The schema changes only through the migrations listed in ./migrations (never auto-sync).
 */
export function mikroOrmOptions(databaseUrl: string): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl: databaseUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    migrations: {
      migrationsList: MIGRATIONS,
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
    // Entity definitions are code (defineEntity): nothing to discover at run time.
    discovery: { warnWhenNoEntities: true },
    pool: { min: 0, max: 10 },
    debug: false,
  };
}
