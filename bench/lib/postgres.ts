/**
 * Benchmark databases on a PostgreSQL server: each benchmark works in a
 * database of its own, created and dropped through the server's admin URL.
 */
import pg from 'pg';

/** Runs one statement on the server (through the admin URL's database) and returns its rows. */
export async function onServer(adminUrl: string, statement: string): Promise<unknown[]> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return (await admin.query(statement)).rows;
  } finally {
    await admin.end();
  }
}

/** The URL of another database on the same server. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function databaseExists(adminUrl: string, database: string): Promise<boolean> {
  return (await onServer(adminUrl, `SELECT 1 FROM pg_database WHERE datname = '${database}'`)).length > 0;
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await onServer(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
}

/** Drops the database if it is there and creates it empty; returns its URL. */
export async function recreateDatabase(adminUrl: string, database: string): Promise<string> {
  await dropDatabase(adminUrl, database);
  await onServer(adminUrl, `CREATE DATABASE ${database}`);
  return databaseUrl(adminUrl, database);
}
