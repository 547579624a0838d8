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
  /** Session cookies marked Secure (HTTPS only): in production, or when SAMOOH_SECURE_COOKIES=true. */
  secureCookies: boolean;
  rateLimit: { writesPerMinute: number; searchesPerMinute: number; readsPerMinute: number };
  /** A session ends this many hours after sign-in, or this many minutes after its last request. */
  sessionHours: number;
  sessionIdleMinutes: number;
  /** Notifications by e-mail: an smtp:// URL (SAMOOH_SMTP_URL); without one, development logs e-mails and production sends to localhost:25. */
  smtpUrl: string | undefined;
  mailFrom: string;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
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
    secureCookies: env.NODE_ENV === 'production' || env.SAMOOH_SECURE_COOKIES === 'true',
    sessionHours: positiveInteger(env, 'SAMOOH_SESSION_HOURS', 7 * 24),
    sessionIdleMinutes: positiveInteger(env, 'SAMOOH_SESSION_IDLE_MINUTES', 120),
    smtpUrl: env.SAMOOH_SMTP_URL || undefined,
    mailFrom: env.SAMOOH_MAIL_FROM ?? 'Samooh <no-reply@samooh.local>',
    rateLimit: {
      writesPerMinute: positiveInteger(env, 'SAMOOH_RATE_WRITES', 600),
      searchesPerMinute: positiveInteger(env, 'SAMOOH_RATE_SEARCHES', 120),
      readsPerMinute: positiveInteger(env, 'SAMOOH_RATE_READS', 3000),
    },
  };
}

function nonNegativeNumber(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of minutes, 0 or more; got "${text}"`);
  return value;
}
