/** The real services the tests use: the machine's PostgreSQL and Redis unless told otherwise. */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function testTemporalAddress(): string {
  const address = process.env.ATELIER_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('The Temporal test server was not started (jest globalSetup)');
  return address;
}
