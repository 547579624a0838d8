import { assertCan } from '../auth/permissions.ts';
import { sql } from 'kysely';
import { isInDownline } from '../../db/tree-queries.ts';
import { SamoohError } from '../../errors.ts';
import { getCompany } from '../company/get-company.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { requireMember, type MemberRef } from '../members/find-member.ts';
import { getMember } from '../members/get-member.ts';
import { assertSlotFree, lockPlacements, slotNumber } from '../members/placement.ts';
import { assertNotRoot, effectivePeriod, recordTreeChange, type TreeChangeRequest } from './tree-change.ts';

export interface MovePlacementInput extends TreeChangeRequest {
  parent: MemberRef;
  slot: 'L' | 'R' | number;
}

/**
 * Moves a member, with their whole placement subtree, to another free slot.
 * Refused if the new parent lies in the member's own subtree (a cycle), or if
 * anyone in the subtree would end up outside their sponsor's placement downline.
 */
export async function movePlacement(ctx: RequestContext, ref: MemberRef, input: MovePlacementInput) {
  assertCan(ctx, 'network:write');
  return inTransaction(ctx, async (tx) => {
    await lockPlacements(tx.db);
    const member = await requireMember(tx.db, ref, 'MEMBER_NOT_FOUND', 'member', { forUpdate: true });
    assertNotRoot(member);
    if (member.placement_parent_id === null) throw new SamoohError('MEMBER_NOT_PLACED', { member: member.code });
    const company = await getCompany(tx.db);
    const slot = slotNumber(company, input.slot);
    const parent = await requireMember(tx.db, input.parent, 'PLACEMENT_PARENT_NOT_FOUND', 'parent');
    if (parent.type !== 'distributor' || parent.status !== 'active' || (parent.placement_parent_id === null && parent.sponsor_id !== null)) {
      throw new SamoohError('PLACEMENT_PARENT_NOT_PLACED', { parent: parent.code });
    }
    if (parent.id === member.id || (await isInDownline(tx.db, member.id, parent.id, 'placement'))) {
      throw new SamoohError('PLACEMENT_CYCLE', { parent: parent.code, member: member.code });
    }
    await assertSlotFree(tx.db, company, parent, slot);
    await assertSponsorsAbove(tx, member.id, parent.id, parent.code);
    const period = await effectivePeriod(tx, input.effectivePeriod);

    await tx.db.updateTable('members').set({ placement_parent_id: parent.id, placement_slot: slot, updated_at: new Date() }).where('id', '=', member.id).execute();
    await recordTreeChange(tx, {
      member,
      kind: 'placement_move',
      period,
      reason: input.reason,
      before: { placementParentId: member.placement_parent_id, placementSlot: member.placement_slot },
      after: { placementParentId: parent.id, placementSlot: slot },
    });
    return getMember(tx, member.id);
  });
}

/**
 * After the move, everyone in the moved subtree whose sponsor is outside it
 * must have that sponsor at or above the new parent in the placement tree.
 */
export async function assertSponsorsAbove(ctx: RequestContext, memberId: number, newParentId: number, newParentCode: string): Promise<void> {
  const offenders = await sql<{ code: string; sponsor_code: string }>`
    WITH RECURSIVE subtree (id) AS (
      SELECT ${memberId}::bigint
      UNION ALL
      SELECT c.id FROM subtree JOIN members c ON c.placement_parent_id = subtree.id
    ), above (id) AS (
      SELECT ${newParentId}::bigint
      UNION ALL
      SELECT m.placement_parent_id FROM above JOIN members m ON m.id = above.id WHERE m.placement_parent_id IS NOT NULL
    )
    SELECT m.code, s.code AS sponsor_code
      FROM subtree JOIN members m ON m.id = subtree.id JOIN members s ON s.id = m.sponsor_id
     WHERE m.sponsor_id NOT IN (SELECT id FROM subtree) AND m.sponsor_id NOT IN (SELECT id FROM above)
     ORDER BY m.id
     LIMIT 20`.execute(ctx.db);
  const first = offenders.rows[0];
  if (first) {
    throw new SamoohError('PLACEMENT_OUTSIDE_SPONSOR_DOWNLINE', { parent: newParentCode, sponsor: first.sponsor_code }, { members: offenders.rows.map((row) => row.code) });
  }
}
