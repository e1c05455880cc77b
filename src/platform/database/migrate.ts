import { MikroORM } from '@mikro-orm/postgresql';
import { pathToFileURL } from 'node:url';
import { mikroOrmOptions } from './mikro-orm.options.js';

/** Applies every pending migration; returns the names it applied. */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const orm = await MikroORM.init(mikroOrmOptions(databaseUrl));
  try {
    const applied = await orm.migrator.up();
    return applied.map((migration) => migration.name);
  } finally {
    await orm.close(true);
  }
}

// `node dist/src/platform/database/migrate.js`: the deployment's migration step.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('Configuration error: DATABASE_URL is missing');
    process.exit(1);
  }
  runMigrations(databaseUrl).then(
    (applied) => console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date'),
    (error: unknown) => {
      console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
