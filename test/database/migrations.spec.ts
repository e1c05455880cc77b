import { MikroORM } from '@mikro-orm/postgresql';
import { mikroOrmOptions } from '../../src/platform/database/mikro-orm.options.js';
import { runMigrations } from '../../src/platform/database/migrate.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';

describe('database migrations', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('build exactly the schema the entities describe', async () => {
    const orm = await MikroORM.init(mikroOrmOptions(database.url));
    try {
      expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
    } finally {
      await orm.close(true);
    }
  });

  it('apply nothing when run a second time', async () => {
    expect(await runMigrations(database.url)).toEqual([]);
  });
});
