import type { Config } from '../config.ts';
import { connect, type DatabaseHandle } from './connection.ts';
import { migrate } from './migrate.ts';

/** Connects to the configured database (PostgreSQL or embedded PGlite) and brings its schema up to date. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<{ handle: DatabaseHandle; applied: string[] }> {
  const handle = await connect({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
  try {
    return { handle, applied: await migrate(handle) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
