import { isInDownline, findSpilloverSlot } from '../../db/tree-queries.ts';
import type { MemberRow } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import type { Db } from '../context.ts';
import { placementWidth, type Company } from '../company/get-company.ts';
import { requireMember, type MemberRef } from './find-member.ts';

export interface PlacementRequest {
  parent: MemberRef;
  /** 'L' / 'R' in a binary tree, 1..W in a matrix. */
  slot: 'L' | 'R' | number;
}

export interface PlacementSlot {
  parentId: number;
  slot: number;
}

/** Converts the slot as written in a request into the stored 0-based slot number. */
export function slotNumber(company: Company, slot: 'L' | 'R' | number): number {
  const tree = company.placement_tree;
  const width = placementWidth(company);
  const number = slot === 'L' ? 0 : slot === 'R' ? 1 : tree === 'matrix' ? slot - 1 : Number.NaN;
  if (!Number.isInteger(number) || number < 0 || number >= width || (tree === 'matrix' && typeof slot === 'string')) {
    throw new SamoohError('PLACEMENT_SLOT_INVALID', { slot: String(slot), tree });
  }
  return number;
}

/**
 * Decides where a new distributor goes in the placement tree: an explicit slot
 * (which must be free and inside the sponsor's own placement downline) or, when
 * none is asked for, the first free slot under the sponsor, breadth first.
 */
export async function resolvePlacement(db: Db, company: Company, sponsor: MemberRow, request: PlacementRequest | null | undefined): Promise<PlacementSlot> {
  if (!request) return findSpilloverSlot(db, sponsor.id, placementWidth(company));
  const slot = slotNumber(company, request.slot);
  const parent = await requireMember(db, request.parent, 'PLACEMENT_PARENT_NOT_FOUND', 'parent');
  const isRoot = parent.sponsor_id === null;
  if (parent.type !== 'distributor' || (parent.placement_parent_id === null && !isRoot)) {
    throw new SamoohError('PLACEMENT_PARENT_NOT_PLACED', { parent: parent.code });
  }
  if (parent.id !== sponsor.id && !(await isInDownline(db, sponsor.id, parent.id, 'placement'))) {
    throw new SamoohError('PLACEMENT_OUTSIDE_SPONSOR_DOWNLINE', { parent: parent.code, sponsor: sponsor.code });
  }
  await assertSlotFree(db, company, parent, slot);
  return { parentId: parent.id, slot };
}

export async function assertSlotFree(db: Db, company: Company, parent: MemberRow, slot: number): Promise<void> {
  const occupant = await db
    .selectFrom('members')
    .select('id')
    .where('placement_parent_id', '=', parent.id)
    .where('placement_slot', '=', slot)
    .executeTakeFirst();
  if (occupant) throw slotTaken(company, parent.code, slot);
}

export function slotTaken(company: Company, parentCode: string, slot: number): SamoohError {
  const label = company.placement_tree === 'binary' ? (slot === 0 ? 'L' : 'R') : String(slot + 1);
  return new SamoohError('PLACEMENT_SLOT_TAKEN', { slot: label, parent: parentCode });
}
