import { sql } from 'kysely';
import type { Db } from '../services/context.ts';
import type { MemberStatus, MemberType } from './schema.ts';

export type TreeName = 'sponsor' | 'placement';

const PARENT_COLUMN = { sponsor: 'sponsor_id', placement: 'placement_parent_id' } as const;

export interface UplineEntry {
  id: number;
  code: string;
  name: string;
  type: MemberType;
  status: MemberStatus;
  /** 1 for the parent, 2 for the grandparent, and so on. */
  distance: number;
}

/** The chain of ancestors of a member in one tree, nearest first, up to the root. */
export async function selectUpline(db: Db, memberId: number, tree: TreeName): Promise<UplineEntry[]> {
  const parent = sql.ref(PARENT_COLUMN[tree]);
  const result = await sql<UplineEntry>`
    WITH RECURSIVE up (id, distance) AS (
      SELECT ${parent}, 1 FROM members WHERE id = ${memberId} AND ${parent} IS NOT NULL
      UNION ALL
      SELECT m.${parent}, up.distance + 1 FROM up JOIN members m ON m.id = up.id WHERE m.${parent} IS NOT NULL
    )
    SELECT m.id, m.code, m.name, m.type, m.status, up.distance
      FROM up JOIN members m ON m.id = up.id
     ORDER BY up.distance`.execute(db);
  return result.rows;
}

/** True when member lies strictly below ancestor in the tree. */
export async function isInDownline(db: Db, ancestorId: number, memberId: number, tree: TreeName): Promise<boolean> {
  if (ancestorId === memberId) return false;
  const parent = sql.ref(PARENT_COLUMN[tree]);
  // Walks up from the member and stops as soon as it meets the ancestor.
  const result = await sql<{ found: boolean }>`
    WITH RECURSIVE up (id) AS (
      SELECT ${parent} FROM members WHERE id = ${memberId}
      UNION ALL
      SELECT m.${parent} FROM up JOIN members m ON m.id = up.id WHERE up.id <> ${ancestorId}
    )
    SELECT EXISTS (SELECT 1 FROM up WHERE id = ${ancestorId}) AS found`.execute(db);
  return result.rows[0]?.found === true;
}

/**
 * The first free placement slot under a sponsor, breadth first and left to
 * right, level by level: forced-matrix spillover, also the default for binary.
 * Reads one level per query, so the cost grows with the depth reached, not
 * with the size of the sponsor's downline above that depth.
 */
export async function findSpilloverSlot(db: Db, sponsorId: number, width: number): Promise<{ parentId: number; slot: number }> {
  let level = [sponsorId];
  for (;;) {
    const children = await db
      .selectFrom('members')
      .select(['id', 'placement_parent_id', 'placement_slot'])
      .where(sql<boolean>`placement_parent_id = ANY(${level}::bigint[])`)
      .execute();
    const byParent = new Map<number, (number | undefined)[]>();
    for (const child of children) {
      const slots = byParent.get(child.placement_parent_id!) ?? new Array<number | undefined>(width);
      slots[child.placement_slot!] = child.id;
      byParent.set(child.placement_parent_id!, slots);
    }
    const next: number[] = [];
    for (const parentId of level) {
      const slots = byParent.get(parentId) ?? new Array<number | undefined>(width);
      for (let slot = 0; slot < width; slot++) {
        const occupant = slots[slot];
        if (occupant === undefined) return { parentId, slot };
        next.push(occupant);
      }
    }
    level = next;
  }
}
