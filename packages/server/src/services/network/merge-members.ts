import { sql } from 'kysely';
import { assertCan } from '../auth/permissions.ts';
import { findSpilloverSlot, isInDownline } from '../../db/tree-queries.ts';
import type { MemberRow } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { getCompany, placementWidth } from '../company/get-company.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { requireMember, type MemberRef } from '../members/find-member.ts';
import { getMember } from '../members/get-member.ts';
import { lockPlacements } from '../members/placement.ts';
import { effectivePeriod, logTreeChange, type TreeChangeRequest } from './tree-change.ts';
import { assertSponsorsAbove } from './move-placement.ts';
import { applyVolumeEvents } from '../projections/apply-volume-events.ts';
import { placementSubtreeVolume, shiftVolumes, type VolumeShift } from '../projections/shift-volumes.ts';
import { forgetFrontlineSums } from '../projections/volume-changes.ts';

export interface MergeMembersInput extends TreeChangeRequest {
  /** The account that stays. */
  into: MemberRef;
}

/** Periods between open and committed: their orders are in a calculation and cannot change hands. */
const IN_PROGRESS = ['closed', 'calculated', 'approved'] as const;

/**
 * Merges a duplicate account into the one that survives (administrators only).
 * The duplicate's orders in open periods (bought by them or credited to them),
 * the members they sponsored (customers and distributors) and their placement
 * subtree (each child with its subtree, spilled over under the survivor) move
 * to the survivor; orders of committed and paid periods stay as history. The
 * duplicate ends terminated, pointing at the survivor. Audited with actor,
 * reason, before and after, and logged as a tree change of the effective period.
 */
export async function mergeMembers(ctx: RequestContext, ref: MemberRef, input: MergeMembersInput) {
  assertCan(ctx, 'network:write');
  return inTransaction(ctx, async (tx) => {
    await lockPlacements(tx.db);
    const duplicate = await requireMember(tx.db, ref, 'MEMBER_NOT_FOUND', 'member', { forUpdate: true });
    const survivor = await requireMember(tx.db, input.into, 'MEMBER_NOT_FOUND', 'member', { forUpdate: true });
    await assertMergeable(tx, duplicate, survivor);
    const period = await effectivePeriod(tx, input.effectivePeriod);

    const children = await tx.db.selectFrom('members').select(['id', 'placement_slot']).where('placement_parent_id', '=', duplicate.id).orderBy('placement_slot').execute();
    const volumes = await volumesToMove(tx, duplicate.id, survivor.id, children.map((child) => child.id));
    await shiftVolumes(tx.db, volumes.away);

    const orders = await moveOpenOrders(tx, duplicate.id, survivor.id);
    const sponsored = await tx.db.updateTable('members').set({ sponsor_id: survivor.id, updated_at: new Date() }).where('sponsor_id', '=', duplicate.id).returning('id').execute();
    await tx.db
      .updateTable('members')
      .set({ status: 'terminated', terminated_at: new Date(), merged_into_id: survivor.id, placement_parent_id: null, placement_slot: null, updated_at: new Date() })
      .where('id', '=', duplicate.id)
      .execute();
    const width = placementWidth(await getCompany(tx.db));
    const placementMoves: { memberId: number; parentId: number; slot: number }[] = [];
    for (const child of children) {
      const free = await findSpilloverSlot(tx.db, survivor.id, width);
      placementMoves.push({ memberId: child.id, parentId: free.parentId, slot: free.slot });
      await tx.db.updateTable('members').set({ placement_parent_id: free.parentId, placement_slot: free.slot, updated_at: new Date() }).where('id', '=', child.id).execute();
      // Members placed below the duplicate by sponsors above it must still have those sponsors above them.
      await assertSponsorsAbove(tx, child.id, free.parentId, survivor.code);
    }

    await shiftVolumes(tx.db, volumes.onto);
    // The survivor gains the duplicate's frontline; the duplicate's sponsor loses a leg.
    await forgetFrontlineSums(tx.db, [survivor.id, duplicate.sponsor_id]);

    const before = { duplicate: memberState(duplicate), survivor: memberState(survivor) };
    const after = {
      duplicate: { status: 'terminated', mergedIntoId: survivor.id, placementParentId: null },
      survivorId: survivor.id,
      movedOrders: orders,
      sponsoredMoved: sponsored.map((row) => row.id),
      placementMoves,
      volumesMoved: volumes.moved,
    };
    await logTreeChange(tx, { member: duplicate, kind: 'merge', period, reason: input.reason, before, after });
    await writeAudit(tx, {
      action: 'member.merged',
      entity: 'member',
      entityId: duplicate.id,
      reason: input.reason,
      before,
      after: { ...after, effectivePeriodId: period.id },
    });
    return { duplicate: await getMember(tx, duplicate.id), survivor: await getMember(tx, survivor.id), moved: { orders: orders.length, sponsored: sponsored.length, placementChildren: children.length } };
  });
}

async function assertMergeable(ctx: RequestContext, duplicate: MemberRow, survivor: MemberRow): Promise<void> {
  if (duplicate.id === survivor.id) throw new SamoohError('MERGE_SAME_MEMBER', { member: duplicate.code });
  if (duplicate.sponsor_id === null) throw new SamoohError('MERGE_ROOT');
  for (const member of [duplicate, survivor]) {
    if (member.status !== 'active') throw new SamoohError('MERGE_MEMBER_TERMINATED', { member: member.code });
  }
  if (duplicate.type === 'distributor' && survivor.type !== 'distributor') {
    throw new SamoohError('MERGE_SURVIVOR_NOT_DISTRIBUTOR', { survivor: survivor.code, duplicate: duplicate.code });
  }
  for (const tree of ['sponsor', 'placement'] as const) {
    if (await isInDownline(ctx.db, duplicate.id, survivor.id, tree)) {
      throw new SamoohError('MERGE_CYCLE', { survivor: survivor.code, duplicate: duplicate.code, tree });
    }
  }
  const busy = await sql<{ start_date: string; end_date: string; status: string }>`
    SELECT p.start_date, p.end_date, p.status FROM periods p
     WHERE p.status IN (${sql.join(IN_PROGRESS)})
       AND EXISTS (SELECT 1 FROM orders o WHERE o.period_id = p.id AND (o.buyer_id = ${duplicate.id} OR o.credited_id = ${duplicate.id}))
     ORDER BY p.start_date LIMIT 1`.execute(ctx.db);
  const period = busy.rows[0];
  if (period) {
    throw new SamoohError('MERGE_PERIOD_IN_PROGRESS', { duplicate: duplicate.code, period: `${period.start_date}…${period.end_date}`, status: period.status });
  }
}

/**
 * The live volumes (member_volumes) of both accounts, re-derived: pending
 * volume changes are applied first, along the trees as they are; then, per
 * open period, the duplicate's PV (its orders move to the survivor) and its
 * team's GV leave the duplicate and its sponsors above (away, before the trees
 * change) and arrive at the survivor and its sponsors above (onto, after);
 * each placement child's subtree volume leaves the duplicate's placement
 * upline and arrives along the child's new one. The result equals a full
 * recompute of PV, GV and leg volumes, for the two accounts and their uplines.
 */
async function volumesToMove(ctx: RequestContext, duplicateId: number, survivorId: number, childIds: number[]) {
  while ((await applyVolumeEvents(ctx.db)) > 0) {
    // until none is waiting
  }
  const rows = await sql<{ period_id: number; pv: string; gv: string }>`
    SELECT v.period_id, v.pv, v.gv FROM member_volumes v JOIN periods p ON p.id = v.period_id
     WHERE v.member_id = ${duplicateId} AND p.status = 'open' ORDER BY v.period_id`.execute(ctx.db);
  const away: VolumeShift[] = [];
  const onto: VolumeShift[] = [];
  const moved: { periodId: number; pv: number; gv: number }[] = [];
  for (const row of rows.rows) {
    const periodId = Number(row.period_id);
    const pv = Number(row.pv);
    const gv = Number(row.gv);
    away.push({ periodId, memberId: duplicateId, pv: -pv, gv: -gv, leg: -pv });
    onto.push({ periodId, memberId: survivorId, pv, gv, leg: pv });
    for (const childId of childIds) {
      const leg = await placementSubtreeVolume(ctx.db, periodId, childId);
      away.push({ periodId, memberId: childId, pv: 0, gv: 0, leg: -leg });
      onto.push({ periodId, memberId: childId, pv: 0, gv: 0, leg });
    }
    moved.push({ periodId, pv, gv });
  }
  return { away, onto, moved };
}

/** The duplicate's orders in open periods, as buyer or as credited distributor, change hands. */
async function moveOpenOrders(ctx: RequestContext, duplicateId: number, survivorId: number): Promise<number[]> {
  const moved = await sql<{ id: number }>`
    UPDATE orders o
       SET buyer_id = CASE WHEN o.buyer_id = ${duplicateId} THEN ${survivorId} ELSE o.buyer_id END,
           credited_id = CASE WHEN o.credited_id = ${duplicateId} THEN ${survivorId} ELSE o.credited_id END
      FROM periods p
     WHERE p.id = o.period_id AND p.status = 'open' AND (o.buyer_id = ${duplicateId} OR o.credited_id = ${duplicateId})
    RETURNING o.id`.execute(ctx.db);
  return moved.rows.map((row) => Number(row.id)).sort((a, b) => a - b);
}

function memberState(member: MemberRow) {
  return {
    id: member.id,
    code: member.code,
    type: member.type,
    status: member.status,
    sponsorId: member.sponsor_id,
    placementParentId: member.placement_parent_id,
    placementSlot: member.placement_slot,
  };
}
