import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Language, UsersTable } from '../../db/schema.ts';
import { isUniqueViolation, SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { inTransaction, type Actor, type RequestContext } from '../context.ts';
import { requireMember, type MemberRef } from '../members/find-member.ts';
import { issuePasswordReset, type IssuedReset } from './password-reset.ts';
import { assertCan, isRole, refusal, type Role } from './permissions.ts';
import { hashPassword, oneTimePassword, verifyPassword } from './secrets.ts';

export type UserRow = Selectable<UsersTable>;

export const MIN_PASSWORD_LENGTH = 10;

export function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toUserView(row: UserRow) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: row.roles as Role[],
    memberId: row.member_id,
    language: row.language,
    disabled: row.disabled,
    createdAt: row.created_at.toISOString(),
  };
}
export type UserView = ReturnType<typeof toUserView>;

export function actorOf(user: UserRow): Actor {
  return { kind: 'user', id: user.id, label: `user:${user.email}`, roles: user.roles, memberId: user.member_id };
}

export function assertPasswordStrongEnough(password: string, email?: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new SamoohError('PASSWORD_TOO_WEAK', { min: MIN_PASSWORD_LENGTH });
  if (email && password.toLowerCase().includes(email.split('@')[0]!.toLowerCase())) throw new SamoohError('PASSWORD_TOO_WEAK', { min: MIN_PASSWORD_LENGTH });
}

export interface CreateUserInput {
  email: string;
  name?: string | null | undefined;
  roles: Role[];
  /** For a distributor or customer account: the member it belongs to. */
  member?: MemberRef | null | undefined;
  language?: Language | undefined;
  /** Omit to have a one-time reset token returned, for the person to choose their own. */
  password?: string | undefined;
}

/**
 * Creates an account. Staff accounts get staff roles; a distributor or
 * customer account gets exactly one member role and is linked to a member of
 * that kind. Only an owner grants the owner role. Without a password the
 * answer carries a one-time reset token to hand to the person.
 */
export async function createUser(ctx: RequestContext, input: CreateUserInput): Promise<{ user: UserView; passwordReset: IssuedReset | null }> {
  assertCan(ctx, 'users:manage');
  const roles = [...new Set(input.roles)];
  if (roles.length === 0 || !roles.every(isRole)) throw new SamoohError('USER_ROLES_INVALID', { reason: 'unknown role' });
  if (roles.includes('owner') && !(ctx.actor.kind === 'system' || ctx.actor.roles.includes('owner'))) throw refusal(ctx.actor);
  const memberRole = roles.find((role) => role === 'distributor' || role === 'customer');
  let memberId: number | null = null;
  if (memberRole) {
    if (roles.length !== 1) throw new SamoohError('USER_ROLES_INVALID', { reason: 'a member account has exactly one role' });
    if (input.member === undefined || input.member === null) throw new SamoohError('USER_ROLES_INVALID', { reason: 'a member account needs its member' });
    const member = await requireMember(ctx.db, input.member);
    if ((member.type === 'distributor') !== (memberRole === 'distributor')) {
      throw new SamoohError('USER_ROLES_INVALID', { reason: `member ${member.code} is a ${member.type}` });
    }
    memberId = member.id;
  } else if (input.member !== undefined && input.member !== null) {
    throw new SamoohError('USER_ROLES_INVALID', { reason: 'staff accounts are not linked to a member' });
  }
  const email = normalEmail(input.email);
  if (input.password !== undefined) assertPasswordStrongEnough(input.password, email);
  // Without a password the account cannot sign in until the reset token is used.
  const passwordHash = await hashPassword(input.password ?? oneTimePassword() + oneTimePassword());
  return inTransaction(ctx, async (tx) => {
    let row: UserRow;
    try {
      row = await tx.db
        .insertInto('users')
        .values({ email, name: input.name?.trim() || null, roles, member_id: memberId, language: input.language ?? 'en', password_hash: passwordHash })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_key')) throw new SamoohError('EMAIL_TAKEN', { email });
      if (isUniqueViolation(error, 'users_member_id_key')) throw new SamoohError('USER_ROLES_INVALID', { reason: 'that member already has an account' });
      throw error;
    }
    await writeAudit(tx, { action: 'user.create', entity: 'user', entityId: row.id, after: { email, roles, memberId } });
    const passwordReset = input.password === undefined ? await issuePasswordReset(tx, row, 'invite') : null;
    return { user: toUserView(row), passwordReset };
  });
}

export async function listUsers(ctx: RequestContext) {
  assertCan(ctx, 'users:manage');
  const rows = await ctx.db.selectFrom('users').selectAll().orderBy('id').execute();
  return rows.map(toUserView);
}

export async function requireUser(ctx: RequestContext, id: number): Promise<UserRow> {
  const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new SamoohError('USER_NOT_FOUND', { user: String(id) });
  return row;
}

/** Enables or disables an account; disabling ends its sessions. Only an owner changes an owner. */
export async function setUserDisabled(ctx: RequestContext, id: number, disabled: boolean) {
  assertCan(ctx, 'users:manage');
  return inTransaction(ctx, async (tx) => {
    const user = await requireUser(tx, id);
    assertMayManage(tx.actor, user);
    if (ctx.actor.kind === 'user' && ctx.actor.id === id) throw new SamoohError('FORBIDDEN');
    const row = await tx.db.updateTable('users').set({ disabled }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    if (disabled) await tx.db.deleteFrom('sessions').where('user_id', '=', id).execute();
    await writeAudit(tx, { action: disabled ? 'user.disable' : 'user.enable', entity: 'user', entityId: id });
    return toUserView(row);
  });
}

/** An admin may manage anyone but an owner. */
export function assertMayManage(actor: Actor, target: UserRow): void {
  if (target.roles.includes('owner') && !(actor.kind === 'system' || actor.roles.includes('owner'))) throw refusal(actor);
}

/** The signed-in user's own account. */
export async function getMe(ctx: RequestContext): Promise<UserView> {
  if (ctx.actor.kind !== 'user' || ctx.actor.id === null) throw refusal(ctx.actor);
  return toUserView(await requireUser(ctx, ctx.actor.id));
}

/** Changes one's own password, knowing the current one; every other session ends. */
export async function changeOwnPassword(ctx: RequestContext, input: { currentPassword: string; newPassword: string }, keepSessionHash?: string) {
  const me = await getMe(ctx);
  const row = await requireUser(ctx, me.id);
  if (!(await verifyPassword(input.currentPassword, row.password_hash))) throw new SamoohError('PASSWORD_INCORRECT');
  assertPasswordStrongEnough(input.newPassword, row.email);
  const hash = await hashPassword(input.newPassword);
  await inTransaction(ctx, async (tx) => {
    await tx.db.updateTable('users').set({ password_hash: hash, password_changed_at: sql`now()` }).where('id', '=', row.id).execute();
    let others = tx.db.deleteFrom('sessions').where('user_id', '=', row.id);
    if (keepSessionHash) others = others.where('token_hash', '<>', keepSessionHash);
    await others.execute();
    await writeAudit(tx, { action: 'user.password_change', entity: 'user', entityId: row.id });
  });
}

/**
 * The first owner (or another one), from the command line: with the given
 * password, or a printed one-time one. An existing account of that email
 * becomes an owner with the new password.
 */
export async function createOwner(ctx: RequestContext, input: { email: string; password?: string | undefined; name?: string | undefined }) {
  assertCan(ctx, 'users:manage');
  const email = normalEmail(input.email);
  const password = input.password ?? oneTimePassword();
  assertPasswordStrongEnough(password, email);
  const existing = await ctx.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  if (existing) {
    if (existing.member_id !== null) throw new SamoohError('USER_ROLES_INVALID', { reason: 'a member account cannot become an owner' });
    const hash = await hashPassword(password);
    await inTransaction(ctx, async (tx) => {
      await tx.db
        .updateTable('users')
        .set({ roles: sql`array(SELECT DISTINCT unnest(roles || ARRAY['owner']))`, password_hash: hash, password_changed_at: sql`now()`, disabled: false })
        .where('id', '=', existing.id)
        .execute();
      await tx.db.deleteFrom('sessions').where('user_id', '=', existing.id).execute();
      await writeAudit(tx, { action: 'user.make_owner', entity: 'user', entityId: existing.id });
    });
    return { user: toUserView(await requireUser(ctx, existing.id)), password, generated: input.password === undefined };
  }
  const { user } = await createUser(ctx, { email, name: input.name, roles: ['owner'], password });
  return { user, password, generated: input.password === undefined };
}

export async function countUsers(ctx: RequestContext): Promise<number> {
  const row = await ctx.db.selectFrom('users').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}
