import { sql } from 'kysely';
import { SamoohError } from '../../errors.ts';
import type { Db } from '../context.ts';

/**
 * Sign-in throttling, kept in the database so every server process agrees.
 * Failures are counted per account and per address in a sliding window; past
 * the limit the key is locked for the window, correct password or not.
 */
export interface ThrottlePolicy {
  perAccount: number;
  perAddress: number;
  windowSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { perAccount: 5, perAddress: 30, windowSeconds: 15 * 60 };

export const accountKey = (email: string) => `account:${email}`;
export const addressKey = (address: string) => `address:${address}`;

/** Refuses with SIGN_IN_THROTTLED while either key is locked. */
export async function assertNotThrottled(db: Db, keys: string[]): Promise<void> {
  const locked = await db
    .selectFrom('sign_in_failures')
    .select(sql<number>`ceil(extract(epoch FROM max(locked_until) - now()))::int`.as('seconds'))
    .where('key', 'in', keys)
    .where('locked_until', '>', sql<Date>`now()`)
    .executeTakeFirst();
  if (locked?.seconds) throw new SamoohError('SIGN_IN_THROTTLED', { seconds: Math.max(1, locked.seconds) });
}

/** Counts one failure against each key; locks a key that reaches its limit. */
export async function recordFailure(db: Db, keys: { key: string; limit: number }[], policy: ThrottlePolicy): Promise<void> {
  const window = `${policy.windowSeconds} seconds`;
  for (const { key, limit } of keys) {
    await sql`
      INSERT INTO sign_in_failures AS f (key, failures, window_start, locked_until)
      VALUES (${key}, 1, now(), CASE WHEN 1 >= ${limit}::int THEN now() + ${window}::interval END)
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN f.window_start < now() - ${window}::interval THEN 1 ELSE f.failures + 1 END,
        window_start = CASE WHEN f.window_start < now() - ${window}::interval THEN now() ELSE f.window_start END,
        locked_until = CASE
          WHEN (CASE WHEN f.window_start < now() - ${window}::interval THEN 1 ELSE f.failures + 1 END) >= ${limit}::int
          THEN now() + ${window}::interval ELSE f.locked_until END`.execute(db);
  }
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
}
