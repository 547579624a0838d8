import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Database, Language } from '../db/schema.ts';
import { PG, pgErrorOf, SamoohError } from '../errors.ts';

export type Db = Kysely<Database> | Transaction<Database>;

/**
 * Who is acting: a signed-in user, an integration's API token, nobody
 * (anonymous), or Samooh itself (CLI, jobs). Services decide what an actor may
 * do with can/assertCan (services/auth/permissions.ts).
 */
export interface Actor {
  kind: 'system' | 'user' | 'token' | 'anonymous';
  /** The user's or the token's id. */
  id: number | null;
  /** Written into audit entries. */
  label: string;
  roles: readonly string[];
  /** A distributor's or customer's own member id. */
  memberId?: number | null;
  /** An API token's scopes: it may do exactly these. */
  scopes?: readonly string[];
}

/** The first parameter of every service: who acts, in which language, on which connection. */
export interface RequestContext {
  db: Db;
  actor: Actor;
  language: Language;
  log: Logger;
  /** The time now; tests and the autoship job fix it. Defaults to the system clock. */
  clock?: () => Date;
}

/** The context's time now (a fixed clock in tests). */
export function now(ctx: Pick<RequestContext, 'clock'>): Date {
  return ctx.clock ? ctx.clock() : new Date();
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, label: 'system', roles: ['owner'] };

export const ANONYMOUS_ACTOR: Actor = { kind: 'anonymous', id: null, label: 'anonymous', roles: [] };

const RETRYABLE = new Set<string>([PG.serializationFailure, PG.deadlockDetected]);

/**
 * Runs fn in a transaction (or inside the caller's, if there is one). A
 * serialization failure or deadlock retries the whole unit a few times; past
 * that the caller gets a clear, retryable CONFLICT_RETRY.
 */
export async function inTransaction<T>(ctx: RequestContext, fn: (tx: RequestContext) => Promise<T>, attempts = 4): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  const db = ctx.db as Kysely<Database>;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute((tx) => fn({ ...ctx, db: tx }));
    } catch (error) {
      const code = pgErrorOf(error)?.code;
      if (!code || !RETRYABLE.has(code)) throw error;
      if (attempt >= attempts) throw new SamoohError('CONFLICT_RETRY');
      ctx.log.warn({ code, attempt }, 'transaction retried after a concurrent change');
    }
  }
}
