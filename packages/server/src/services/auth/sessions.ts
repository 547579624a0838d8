import { sql } from 'kysely';
import { SamoohError } from '../../errors.ts';
import type { Actor, Db, RequestContext } from '../context.ts';
import { refusal } from './permissions.ts';
import { csrfTokenFor, newSecret, NO_PASSWORD_HASH, secretHash, verifyPassword } from './secrets.ts';
import { accountKey, addressKey, assertNotThrottled, clearFailures, DEFAULT_THROTTLE, recordFailure, type ThrottlePolicy } from './throttle.ts';
import { actorOf, normalEmail, toUserView, type UserView } from './users.ts';

export interface SessionSettings {
  /** A session ends this long after sign-in, however busy. */
  ttlHours: number;
  /** ... or this long after its last request. */
  idleMinutes: number;
  throttle: ThrottlePolicy;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = { ttlHours: 7 * 24, idleMinutes: 120, throttle: DEFAULT_THROTTLE };

/** last_seen_at is written at most this often, not on every request. */
const TOUCH_SECONDS = 60;

export interface SignedIn {
  /** The session secret: goes into the httpOnly cookie, never stored. */
  secret: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserView;
}

/**
 * Password sign-in. Refused alike for an unknown email, a wrong password and a
 * disabled account (SIGN_IN_FAILED), each counted against the account and the
 * address; while either is locked, even the right password is refused.
 */
export async function signIn(
  ctx: RequestContext,
  input: { email: string; password: string; address: string; userAgent?: string | undefined },
  settings: SessionSettings = DEFAULT_SESSION_SETTINGS,
): Promise<SignedIn> {
  const email = normalEmail(input.email);
  const keys = [accountKey(email), addressKey(input.address)];
  await assertNotThrottled(ctx.db, keys);
  const user = await ctx.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  const passwordOk = await verifyPassword(input.password, user?.password_hash ?? NO_PASSWORD_HASH);
  if (!user || !passwordOk || user.disabled) {
    await recordFailure(
      ctx.db,
      [
        { key: keys[0]!, limit: settings.throttle.perAccount },
        { key: keys[1]!, limit: settings.throttle.perAddress },
      ],
      settings.throttle,
    );
    ctx.log.warn({ address: input.address, known: Boolean(user) }, 'sign-in refused');
    throw new SamoohError('SIGN_IN_FAILED');
  }
  await clearFailures(ctx.db, keys[0]!);
  const secret = newSecret('smh_s_');
  const expiresAt = new Date(Date.now() + settings.ttlHours * 3_600_000);
  await ctx.db
    .insertInto('sessions')
    .values({ token_hash: secretHash(secret), user_id: user.id, expires_at: expiresAt, address: input.address, user_agent: input.userAgent?.slice(0, 300) ?? null })
    .execute();
  // Expired sessions are swept as people sign in: no job needed.
  await ctx.db.deleteFrom('sessions').where('expires_at', '<', sql<Date>`now()`).execute();
  ctx.log.info({ user: user.id }, 'signed in');
  return { secret, csrfToken: csrfTokenFor(secret), expiresAt, user: toUserView(user) };
}

/** The actor of a session secret, or undefined when it is unknown, expired, idle too long or its user disabled. */
export async function actorOfSession(db: Db, secret: string, settings: SessionSettings = DEFAULT_SESSION_SETTINGS): Promise<{ actor: Actor; expiresAt: Date } | undefined> {
  const hash = secretHash(secret);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select(['s.expires_at', 's.last_seen_at', sql<boolean>`s.last_seen_at < now() - make_interval(secs => ${TOUCH_SECONDS})`.as('stale')])
    .where('s.token_hash', '=', hash)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('s.last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${settings.idleMinutes})`)
    .where('u.disabled', '=', false)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.stale) await db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('token_hash', '=', hash).execute();
  return { actor: actorOf(row), expiresAt: row.expires_at };
}

export async function signOut(ctx: RequestContext, secret: string): Promise<void> {
  await ctx.db.deleteFrom('sessions').where('token_hash', '=', secretHash(secret)).execute();
}

/** Ends every session of the signed-in user, on every device; returns how many. */
export async function signOutEverywhere(ctx: RequestContext): Promise<number> {
  if (ctx.actor.kind !== 'user' || ctx.actor.id === null) throw refusal(ctx.actor);
  const result = await ctx.db.deleteFrom('sessions').where('user_id', '=', ctx.actor.id).executeTakeFirst();
  return Number(result.numDeletedRows);
}
