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
  return (await levelsBelow(db, ancestorId, memberId, tree)) !== null;
}

/** How many levels member lies below ancestor (1 for a child), or null when not in the downline. */
export async function levelsBelow(db: Db, ancestorId: number, memberId: number, tree: TreeName): Promise<number | null> {
  if (ancestorId === memberId) return null;
  const parent = sql.ref(PARENT_COLUMN[tree]);
  // Walks up from the member and stops as soon as it meets the ancestor.
  const result = await sql<{ levels: number | null }>`
    WITH RECURSIVE up (id, levels) AS (
      SELECT ${parent}, 1 FROM members WHERE id = ${memberId}
      UNION ALL
      SELECT m.${parent}, up.levels + 1 FROM up JOIN members m ON m.id = up.id WHERE up.id <> ${ancestorId}
    )
    SELECT (SELECT levels FROM up WHERE id = ${ancestorId}) AS levels`.execute(db);
  return result.rows[0]?.levels ?? null;
}

export interface DownlineMatch extends UplineEntry {
  phone: string | null;
}

/**
 * Members below a member, level by level down to maxLevels, whose name, code
 * or phone matches, nearest levels first. The walk stops at maxLevels, so
 * a search near the top of a large tree should keep it small.
 */
export async function searchDownline(
  db: Db,
  ancestorId: number,
  tree: TreeName,
  filter: { like: string | null; code: string | null; digits: string | null; maxLevels: number; limit: number; offset: number },
): Promise<DownlineMatch[]> {
  const parent = sql.ref(PARENT_COLUMN[tree]);
  const result = await sql<DownlineMatch>`
    WITH RECURSIVE down (id, distance) AS (
      SELECT id, 1 FROM members WHERE ${parent} = ${ancestorId}
      UNION ALL
      SELECT m.id, down.distance + 1 FROM down JOIN members m ON m.${parent} = down.id WHERE down.distance < ${filter.maxLevels}
    )
    SELECT m.id, m.code, m.name, m.type, m.status, m.phone, down.distance
      FROM down JOIN members m ON m.id = down.id
     WHERE (${filter.like}::text IS NULL AND ${filter.code}::text IS NULL AND ${filter.digits}::text IS NULL)
        OR lower(m.name) LIKE ${filter.like}
        OR m.code LIKE ${filter.code}
        OR m.phone LIKE ${filter.digits}
     ORDER BY down.distance, m.id
     LIMIT ${filter.limit} OFFSET ${filter.offset}`.execute(db);
  return result.rows;
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

/**
 * The bottom of one leg's outer edge: from a node, keep taking the child in
 * the given slot until there is none. A new member goes into that free slot.
 */
export async function findOuterEdgeSlot(db: Db, startId: number, slot: number): Promise<{ parentId: number; slot: number }> {
  const result = await sql<{ id: number }>`
    WITH RECURSIVE edge (id, steps) AS (
      SELECT ${startId}::bigint, 0
      UNION ALL
      SELECT m.id, edge.steps + 1 FROM edge JOIN members m ON m.placement_parent_id = edge.id AND m.placement_slot = ${slot}
    )
    SELECT id FROM edge ORDER BY steps DESC LIMIT 1`.execute(db);
  return { parentId: result.rows[0]!.id, slot };
}

/** Members in the placement subtree hanging from a node's slot (0 when the slot is empty). */
export async function placementLegSize(db: Db, nodeId: number, slot: number): Promise<number> {
  const result = await sql<{ size: number }>`
    WITH RECURSIVE leg (id) AS (
      SELECT id FROM members WHERE placement_parent_id = ${nodeId} AND placement_slot = ${slot}
      UNION ALL
      SELECT m.id FROM leg JOIN members m ON m.placement_parent_id = leg.id
    )
    SELECT count(*)::int AS size FROM leg`.execute(db);
  return result.rows[0]?.size ?? 0;
}

/** CV credited to the members of a placement leg in one period, net of refunds booked in it. */
export async function placementLegVolume(db: Db, nodeId: number, slot: number, periodId: number): Promise<number> {
  const result = await sql<{ cv: number }>`
    WITH RECURSIVE leg (id) AS (
      SELECT id FROM members WHERE placement_parent_id = ${nodeId} AND placement_slot = ${slot}
      UNION ALL
      SELECT m.id FROM leg JOIN members m ON m.placement_parent_id = leg.id
    )
    SELECT coalesce((SELECT sum(o.cv) FROM orders o JOIN leg ON leg.id = o.credited_id WHERE o.period_id = ${periodId}), 0)
         - coalesce((SELECT sum(r.cv) FROM refunds r JOIN orders o ON o.id = r.order_id JOIN leg ON leg.id = o.credited_id WHERE r.period_id = ${periodId}), 0) AS cv`.execute(db);
  return Number(result.rows[0]?.cv ?? 0);
}
