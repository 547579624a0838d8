import { sql } from 'kysely';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { assertCan } from './permissions.ts';
import { hashPassword, newSecret, secretHash } from './secrets.ts';
import { clearFailures, accountKey } from './throttle.ts';
import { assertMayManage, assertPasswordStrongEnough, normalEmail, requireUser, type UserRow } from './users.ts';

export interface IssuedReset {
  /** Shown once: only its hash is stored. */
  token: string;
  expiresAt: string;
}

/** How long a reset token lives: an invitation a few days, a reset half an hour. */
const LIFETIME_MINUTES = { invite: 3 * 24 * 60, reset: 30 } as const;

/** Stores a new one-time token for the user (earlier unused ones stop working) and returns it. */
export async function issuePasswordReset(ctx: RequestContext, user: UserRow, kind: keyof typeof LIFETIME_MINUTES = 'reset'): Promise<IssuedReset> {
  const token = newSecret('smh_r_');
  const expiresAt = new Date(Date.now() + LIFETIME_MINUTES[kind] * 60_000);
  await ctx.db.updateTable('password_resets').set({ used_at: sql`now()` }).where('user_id', '=', user.id).where('used_at', 'is', null).execute();
  await ctx.db.insertInto('password_resets').values({ token_hash: secretHash(token), user_id: user.id, created_by: ctx.actor.label, expires_at: expiresAt }).execute();
  return { token, expiresAt: expiresAt.toISOString() };
}

/** An admin issues a reset token for an account, to hand over: Samooh sends no e-mail yet. */
export async function issueResetForUser(ctx: RequestContext, userId: number): Promise<IssuedReset> {
  assertCan(ctx, 'users:manage');
  return inTransaction(ctx, async (tx) => {
    const user = await requireUser(tx, userId);
    assertMayManage(tx.actor, user);
    const issued = await issuePasswordReset(tx, user, 'reset');
    await writeAudit(tx, { action: 'user.password_reset_issued', entity: 'user', entityId: user.id });
    return issued;
  });
}

/**
 * "Forgot my password": issues a token when the email has an active account
 * and hands it to deliver (the development log today; e-mail when it exists).
 * Says nothing about whether the account exists.
 */
export async function requestPasswordReset(ctx: RequestContext, email: string, deliver: (user: UserRow, issued: IssuedReset) => void): Promise<void> {
  const user = await ctx.db.selectFrom('users').selectAll().where('email', '=', normalEmail(email)).where('disabled', '=', false).executeTakeFirst();
  if (!user) return;
  deliver(user, await inTransaction(ctx, (tx) => issuePasswordReset(tx, user, 'reset')));
}

/** Sets a new password with a one-time token; the token is spent and every session of the account ends. */
export async function resetPassword(ctx: RequestContext, input: { token: string; password: string }): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const reset = await tx.db
      .selectFrom('password_resets as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['r.token_hash', 'u.id', 'u.email'])
      .where('r.token_hash', '=', secretHash(input.token))
      .where('r.used_at', 'is', null)
      .where('r.expires_at', '>', sql<Date>`now()`)
      .where('u.disabled', '=', false)
      .forUpdate()
      .executeTakeFirst();
    if (!reset) throw new SamoohError('RESET_TOKEN_INVALID');
    assertPasswordStrongEnough(input.password, reset.email);
    const hash = await hashPassword(input.password);
    await tx.db.updateTable('password_resets').set({ used_at: sql`now()` }).where('token_hash', '=', reset.token_hash).execute();
    await tx.db.updateTable('users').set({ password_hash: hash, password_changed_at: sql`now()` }).where('id', '=', reset.id).execute();
    await tx.db.deleteFrom('sessions').where('user_id', '=', reset.id).execute();
    await clearFailures(tx.db, accountKey(reset.email));
    await writeAudit({ ...tx, actor: { ...tx.actor, label: `user:${reset.email}` } }, { action: 'user.password_reset', entity: 'user', entityId: reset.id });
  });
}
