import { isInDownline } from '../../db/tree-queries.ts';
import type { MemberRow } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import type { RequestContext } from '../context.ts';
import { findMember, type MemberRef } from '../members/find-member.ts';
import { assertCan, can, refusal, type Permission } from './permissions.ts';

/**
 * How much of a member an actor sees:
 * - full: staff (members:read) see every member, KYC numbers masked as always;
 * - self: a distributor or customer sees themselves, masked the same way;
 * - downline: a distributor sees members below them in the sponsor or the
 *   placement tree, without contact details or KYC numbers (kyc status only).
 * Anyone else's record is refused with FORBIDDEN.
 */
export type MemberAccess = 'full' | 'self' | 'downline';

/** The actor's own member id, when they act for a member (distributor, customer). */
export function ownMemberId(ctx: RequestContext): number | null {
  return ctx.actor.kind === 'user' ? (ctx.actor.memberId ?? null) : null;
}

export function actsAsDistributor(ctx: RequestContext): boolean {
  return ctx.actor.kind === 'user' && ctx.actor.roles.includes('distributor') && ownMemberId(ctx) !== null;
}

/** Refuses an actor who may read no member at all: call before looking a member up. */
export function assertMayReadMembers(ctx: RequestContext): void {
  assertCan(ctx, 'members:read', 'members:read:own');
}

/**
 * What the actor may see of this member. With network (upline, frontline,
 * downline views), a customer is refused even for themselves: they have no
 * network to look at.
 */
export async function memberAccess(ctx: RequestContext, member: Pick<MemberRow, 'id'>, options: { network?: boolean } = {}): Promise<MemberAccess> {
  if (can(ctx.actor, 'members:read')) return 'full';
  assertCan(ctx, 'members:read:own');
  const me = ownMemberId(ctx);
  const distributor = actsAsDistributor(ctx);
  if (me === null || (options.network && !distributor)) throw refusal(ctx.actor);
  if (member.id === me) return 'self';
  if (distributor && ((await isInDownline(ctx.db, me, member.id, 'sponsor')) || (await isInDownline(ctx.db, me, member.id, 'placement')))) return 'downline';
  throw refusal(ctx.actor);
}

interface ViewWithContacts {
  phone: string | null;
  email: string | null;
  kyc: { status: string; pan: string | null; bankAccount: string | null; bankIfsc: string | null };
}

/** The member view cut to what the access allows. */
export function limitMemberView<T extends ViewWithContacts>(view: T, access: MemberAccess): T {
  if (access !== 'downline') return view;
  return { ...view, phone: null, email: null, kyc: { status: view.kyc.status, pan: null, bankAccount: null, bankIfsc: null } };
}

/** Contact fields in lists are for staff only. */
export function contactsVisible(ctx: RequestContext): boolean {
  return can(ctx.actor, 'members:read');
}

/**
 * For an action a member-role actor may take only for themselves (enroll under
 * themselves, buy for themselves): the referenced member must be their own.
 */
export async function assertOwnMember(ctx: RequestContext, ref: MemberRef, notFound: 'SPONSOR_NOT_FOUND' | 'MEMBER_NOT_FOUND'): Promise<void> {
  const member = await findMember(ctx.db, ref);
  if (!member) throw new SamoohError(notFound, notFound === 'SPONSOR_NOT_FOUND' ? { sponsor: String(ref) } : { member: String(ref) });
  if (member.id !== ownMemberId(ctx)) throw refusal(ctx.actor);
}

/**
 * Earnings are private: staff with commissions:read see anyone's; a
 * distributor sees their own statements and wallet, and the live standing
 * (volumes, rank progress) of themselves and their downline.
 */
export async function assertMayReadEarnings(ctx: RequestContext, member: Pick<MemberRow, 'id'>, scope: 'own' | 'downline' = 'own'): Promise<void> {
  if (can(ctx.actor, 'commissions:read')) return;
  assertCan(ctx, 'commissions:read:own');
  const me = ownMemberId(ctx);
  if (me === member.id) return;
  if (scope === 'downline' && me !== null && actsAsDistributor(ctx)
    && ((await isInDownline(ctx.db, me, member.id, 'sponsor')) || (await isInDownline(ctx.db, me, member.id, 'placement')))) return;
  throw refusal(ctx.actor);
}

/**
 * Community records that belong to one member (notifications, preferences,
 * messages, progress): the member themselves with community:own, or staff
 * holding `staff` (when staff may see them at all). Returns the member.
 */
export async function assertOwnCommunity(ctx: RequestContext, ref: MemberRef, staff?: Permission): Promise<MemberRow> {
  const held = staff ? assertCan(ctx, staff, 'community:own') : assertCan(ctx, 'community:own');
  const member = await findMember(ctx.db, ref);
  if (!member) throw new SamoohError('MEMBER_NOT_FOUND', { member: String(ref) });
  if (held === 'community:own' && member.id !== ownMemberId(ctx)) throw refusal(ctx.actor);
  return member;
}
