import { can, assertCan, refusal } from '../auth/permissions.ts';
import { ownMemberId } from '../auth/member-access.ts';
import type { RequestContext } from '../context.ts';
import { requireMember, type MemberRef } from './find-member.ts';
import type { ProfileInput } from './member-view.ts';
import { saveMemberChanges } from './update-member.ts';

/** What a member may change about themselves: name, contact, region and KYC details. */
export type OwnProfileInput = Pick<ProfileInput, 'phone' | 'email' | 'region' | 'pan' | 'bankAccount' | 'bankIfsc'> & { name?: string };

/**
 * A distributor or customer keeps their own profile and KYC details up to date
 * (staff who may edit members may do it for anyone). A new PAN or bank account
 * sends the KYC back to "submitted" for the company to verify; the answer shows
 * the numbers masked, as every member view does.
 */
export async function updateOwnProfile(ctx: RequestContext, ref: MemberRef, input: OwnProfileInput) {
  assertCan(ctx, 'members:write', 'members:read:own');
  const member = await requireMember(ctx.db, ref);
  if (!can(ctx.actor, 'members:write') && member.id !== ownMemberId(ctx)) throw refusal(ctx.actor);
  const { name, phone, email, region, pan, bankAccount, bankIfsc } = input;
  const changes = Object.fromEntries(Object.entries({ name, phone, email, region, pan, bankAccount, bankIfsc }).filter(([, value]) => value !== undefined));
  return saveMemberChanges(ctx, member.id, changes);
}
