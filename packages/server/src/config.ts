import { resolve } from 'node:path';

export interface Config {
  /** postgres:// URL; when absent Samooh runs on embedded PGlite. */
  databaseUrl: string | undefined;
  /** Where embedded PGlite keeps its files. */
  dataDir: string;
  host: string;
  port: number;
  logLevel: string;
  production: boolean;
  /** How often each server recomputes every member's live standing with the engine (0: never). */
  projectionRefreshMinutes: number;
}

/** Reads Samooh's settings from the environment (see the README for each variable). */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  if (env.DATABASE_URL && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) throw new Error('DATABASE_URL must be a postgres:// URL');
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.SAMOOH_DATA_DIR ?? 'data'),
    host: env.HOST ?? '127.0.0.1',
    port,
    logLevel: env.LOG_LEVEL ?? 'info',
    production: env.NODE_ENV === 'production',
    projectionRefreshMinutes: nonNegativeNumber(env.SAMOOH_PROJECTION_REFRESH_MINUTES ?? '15', 'SAMOOH_PROJECTION_REFRESH_MINUTES'),
  };
}

function nonNegativeNumber(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of minutes, 0 or more; got "${text}"`);
  return value;
}
