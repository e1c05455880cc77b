import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { runMigrations } from '../platform/database/migrate.js';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A new database on the server of `adminUrl`, brought up to date by the real migrations: tests and
 * the benchmark each get their own, and drop it afterwards.
 */
export async function createScratchDatabase(adminUrl: string, namePrefix: string): Promise<ScratchDatabase> {
  const name = `${namePrefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = () => adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
  try {
    await runMigrations(url.toString());
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: url.toString(), drop };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
