import { type ScratchDatabase, createScratchDatabase } from '../../src/dev/scratch-database.js';
import { TEST_POSTGRES_URL } from './test-services.js';

export type TestDatabase = ScratchDatabase;

/** A fresh database on the test server, brought up to date by the real migrations. */
export function createTestDatabase(): Promise<TestDatabase> {
  return createScratchDatabase(TEST_POSTGRES_URL, 'atelier_test');
}
