import { assertCan } from '../auth/permissions.ts';
import { findSpilloverSlot } from '../../db/tree-queries.ts';
import { SamoohError } from '../../errors.ts';
import { getCompany, placementWidth } from '../company/get-company.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { requireMember, type MemberRef } from '../members/find-member.ts';
import { getMember } from '../members/get-member.ts';
import { lockPlacements } from '../members/placement.ts';
import { assertNotRoot, effectivePeriod, recordTreeChange, type TreeChangeRequest } from './tree-change.ts';
import { forgetFrontlineSums } from '../projections/volume-changes.ts';

/**
 * Terminates a member and rolls their downline up, permanently. In the sponsor
 * tree every member they sponsored moves to their sponsor. In the placement
 * tree the child in the first occupied slot takes their place, and each other
 * child (with its subtree) spills over under that child, breadth first. The
 * terminated member leaves the placement tree; their own history stays.
 */
export async function terminateMember(ctx: RequestContext, ref: MemberRef, input: TreeChangeRequest) {
  assertCan(ctx, 'network:write');
  return inTransaction(ctx, async (tx) => {
    await lockPlacements(tx.db);
    const member = await requireMember(tx.db, ref, 'MEMBER_NOT_FOUND', 'member', { forUpdate: true });
    assertNotRoot(member);
    if (member.status === 'terminated') throw new SamoohError('MEMBER_TERMINATED', { member: member.code });
    const period = await effectivePeriod(tx, input.effectivePeriod);

    // The sponsor loses this leg and gains its frontline.
    await forgetFrontlineSums(tx.db, [member.sponsor_id]);
    const rolledUp = await tx.db.updateTable('members').set({ sponsor_id: member.sponsor_id, updated_at: new Date() }).where('sponsor_id', '=', member.id).returning('id').execute();
    const children = await tx.db.selectFrom('members').select(['id', 'placement_slot']).where('placement_parent_id', '=', member.id).orderBy('placement_slot').execute();
    await tx.db
      .updateTable('members')
      .set({ status: 'terminated', terminated_at: new Date(), placement_parent_id: null, placement_slot: null, updated_at: new Date() })
      .where('id', '=', member.id)
      .execute();

    const moves: { memberId: number; parentId: number; slot: number }[] = [];
    const [promoted, ...others] = children;
    if (promoted && member.placement_parent_id !== null) {
      moves.push({ memberId: promoted.id, parentId: member.placement_parent_id, slot: member.placement_slot! });
      await tx.db.updateTable('members').set({ placement_parent_id: member.placement_parent_id, placement_slot: member.placement_slot }).where('id', '=', promoted.id).execute();
      const width = placementWidth(await getCompany(tx.db));
      for (const child of others) {
        const free = await findSpilloverSlot(tx.db, promoted.id, width);
        moves.push({ memberId: child.id, parentId: free.parentId, slot: free.slot });
        await tx.db.updateTable('members').set({ placement_parent_id: free.parentId, placement_slot: free.slot }).where('id', '=', child.id).execute();
      }
    }
    await recordTreeChange(tx, {
      member,
      kind: 'termination',
      period,
      reason: input.reason,
      before: { status: member.status, placementParentId: member.placement_parent_id, placementSlot: member.placement_slot },
      after: { status: 'terminated', sponsorChildrenRolledUp: rolledUp.map((row) => row.id), placementMoves: moves },
    });
    return getMember(tx, member.id);
  });
}
