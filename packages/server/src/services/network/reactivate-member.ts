import { assertCan } from '../auth/permissions.ts';
import { SamoohError } from '../../errors.ts';
import { getCompany } from '../company/get-company.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { assertCanSponsor, requireMember, type MemberRef } from '../members/find-member.ts';
import { getMember } from '../members/get-member.ts';
import { lockPlacements, resolvePlacement, type PlacementRequest } from '../members/placement.ts';
import { effectivePeriod, recordTreeChange, type TreeChangeRequest } from './tree-change.ts';
import { forgetFrontlineSums } from '../projections/volume-changes.ts';

export interface ReactivateMemberInput extends TreeChangeRequest {
  /** Default: the sponsor they had. Their former downline stays where it rolled up to. */
  sponsor?: MemberRef | undefined;
  /** Default: the sponsor's placement policy. */
  placement?: PlacementRequest | null | undefined;
}

/** Brings a terminated member back, as a new leaf: the roll-up at termination was permanent. */
export async function reactivateMember(ctx: RequestContext, ref: MemberRef, input: ReactivateMemberInput) {
  assertCan(ctx, 'network:write');
  return inTransaction(ctx, async (tx) => {
    await lockPlacements(tx.db);
    const member = await requireMember(tx.db, ref, 'MEMBER_NOT_FOUND', 'member', { forUpdate: true });
    if (member.status !== 'terminated') throw new SamoohError('MEMBER_ACTIVE', { member: member.code });
    if (member.merged_into_id !== null) {
      const survivor = await requireMember(tx.db, member.merged_into_id);
      throw new SamoohError('MEMBER_MERGED', { member: member.code, survivor: survivor.code });
    }
    const sponsor = await requireMember(tx.db, input.sponsor ?? member.sponsor_id!, 'SPONSOR_NOT_FOUND', 'sponsor');
    if (sponsor.id === member.id) throw new SamoohError('SPONSOR_CYCLE', { sponsor: sponsor.code, member: member.code });
    assertCanSponsor(sponsor);
    const period = await effectivePeriod(tx, input.effectivePeriod);
    const placement = member.type === 'distributor' ? await resolvePlacement(tx.db, await getCompany(tx.db), sponsor, input.placement) : null;

    await tx.db
      .updateTable('members')
      .set({
        status: 'active',
        terminated_at: null,
        sponsor_id: sponsor.id,
        placement_parent_id: placement?.parentId ?? null,
        placement_slot: placement?.slot ?? null,
        updated_at: new Date(),
      })
      .where('id', '=', member.id)
      .execute();
    await forgetFrontlineSums(tx.db, [sponsor.id]);
    await recordTreeChange(tx, {
      member,
      kind: 'reactivation',
      period,
      reason: input.reason,
      before: { status: member.status, sponsorId: member.sponsor_id },
      after: { status: 'active', sponsorId: sponsor.id, placementParentId: placement?.parentId ?? null, placementSlot: placement?.slot ?? null },
    });
    return getMember(tx, member.id);
  });
}
