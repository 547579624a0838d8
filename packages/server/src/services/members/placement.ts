import { sql } from 'kysely';
import { findOuterEdgeSlot, findSpilloverSlot, isInDownline, placementLegSize, placementLegVolume } from '../../db/tree-queries.ts';
import type { MemberRow, PlacementPolicy } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import type { Db } from '../context.ts';
import { businessDate, placementWidth, type Company } from '../company/get-company.ts';
import { openPeriodFor } from '../periods/periods.ts';
import { requireMember, type MemberRef } from './find-member.ts';

/** An explicit slot. */
export interface ExplicitPlacement {
  parent: MemberRef;
  /** 'L' / 'R' in a binary tree, 1..W in a matrix. */
  slot: 'L' | 'R' | number;
}

/** A rule that finds the slot under the sponsor. */
export interface PolicyPlacement {
  policy: PlacementPolicy;
}

export type PlacementRequest = ExplicitPlacement | PolicyPlacement;

export function isExplicit(request: PlacementRequest | null | undefined): request is ExplicitPlacement {
  return request !== null && request !== undefined && 'parent' in request;
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
 * (which must be free and inside the sponsor's own placement downline), or the
 * slot a placement policy finds under the sponsor: the request's policy, else
 * the sponsor's preference, else the company's default.
 */
export async function resolvePlacement(
  db: Db,
  company: Company,
  sponsor: MemberRow,
  request: PlacementRequest | null | undefined,
  options: { queued?: boolean } = {},
): Promise<PlacementSlot> {
  if (isExplicit(request)) return resolveExplicit(db, company, sponsor, request);
  const policy = request?.policy ?? sponsor.placement_policy ?? company.default_placement_policy;
  // Policy placements queue behind tree changes and behind each other for the rest of the
  // transaction, so two never pick the same free slot: an enrollment has queued already, per
  // sponsor (lockSponsorPlacements); a tree change queues here. Explicit slots rely on the
  // unique index alone.
  if (!options.queued) await lockPlacements(db);
  return placeByPolicy(db, company, sponsor, policy);
}

async function resolveExplicit(db: Db, company: Company, sponsor: MemberRow, request: ExplicitPlacement): Promise<PlacementSlot> {
  const slot = slotNumber(company, request.slot);
  const parent = await requireMember(db, request.parent, 'PLACEMENT_PARENT_NOT_FOUND', 'parent', { forShare: true });
  const isRoot = parent.sponsor_id === null;
  if (parent.type !== 'distributor' || parent.status !== 'active' || (parent.placement_parent_id === null && !isRoot)) {
    throw new SamoohError('PLACEMENT_PARENT_NOT_PLACED', { parent: parent.code });
  }
  if (parent.id !== sponsor.id && !(await isInDownline(db, sponsor.id, parent.id, 'placement'))) {
    throw new SamoohError('PLACEMENT_OUTSIDE_SPONSOR_DOWNLINE', { parent: parent.code, sponsor: sponsor.code });
  }
  await assertSlotFree(db, company, parent, slot);
  return { parentId: parent.id, slot };
}

/** Tree changes queue behind one another and behind every placement by policy, until their transactions end. */
export async function lockPlacements(db: Db): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${POLICY_PLACEMENT_LOCK})`.execute(db);
}

/**
 * An enrollment placed by policy under this sponsor queues behind the others
 * under the same sponsor, so they never pick the same free slot below them,
 * and behind tree changes; enrollments under different sponsors go on side by
 * side. Two sponsors whose next free slots meet (one sits in the other's
 * placement leg) collide on the slot's unique index instead, and the later
 * enrollment looks again (enrollWithRetries) under lockPlacements, alone.
 */
export async function lockSponsorPlacements(db: Db, sponsorId: number): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock_shared(${POLICY_PLACEMENT_LOCK}::bigint), pg_advisory_xact_lock(${SPONSOR_PLACEMENT_LOCKS}::int, ${sponsorId % 2_147_483_647}::int)`.execute(db);
}

/** Any fixed numbers, distinct from the other advisory locks (the two-key form is a space of its own). */
const POLICY_PLACEMENT_LOCK = 7_362_543;
const SPONSOR_PLACEMENT_LOCKS = 7_362;
const LEFT = 0;
const RIGHT = 1;

/**
 * Binary policies: spillover (breadth first), the outer edge of the left or
 * right leg, the weaker leg by member count or by this period's volume (ties
 * go left), or alternating legs for each of the sponsor's recruits; every
 * leg-choosing policy places at the outer edge of the chosen leg. A forced
 * matrix always spills over breadth first.
 */
async function placeByPolicy(db: Db, company: Company, sponsor: MemberRow, policy: PlacementPolicy): Promise<PlacementSlot> {
  if (policy === 'spillover') return findSpilloverSlot(db, sponsor.id, placementWidth(company));
  if (company.placement_tree !== 'binary') throw new SamoohError('PLACEMENT_POLICY_INVALID', { policy, tree: company.placement_tree });
  const leg = await chooseLeg(db, company, sponsor, policy);
  if (policy === 'alternate') await db.updateTable('members').set({ last_placement_leg: leg }).where('id', '=', sponsor.id).execute();
  return findOuterEdgeSlot(db, sponsor.id, leg);
}

async function chooseLeg(db: Db, company: Company, sponsor: MemberRow, policy: Exclude<PlacementPolicy, 'spillover'>): Promise<number> {
  switch (policy) {
    case 'extreme-left':
      return LEFT;
    case 'extreme-right':
      return RIGHT;
    case 'alternate':
      return sponsor.last_placement_leg === LEFT ? RIGHT : LEFT;
    case 'weaker-leg-count':
      return weaker(await placementLegSize(db, sponsor.id, LEFT), await placementLegSize(db, sponsor.id, RIGHT));
    case 'weaker-leg-volume': {
      const period = await openPeriodFor(db, businessDate(company, new Date()));
      if (!period) return weaker(0, 0);
      return weaker(await placementLegVolume(db, sponsor.id, LEFT, period.id), await placementLegVolume(db, sponsor.id, RIGHT, period.id));
    }
  }
}

/** The leg with less; a tie goes left. */
export function weaker(left: number, right: number): number {
  return right < left ? RIGHT : LEFT;
}

export async function assertSlotFree(db: Db, company: Company, parent: MemberRow, slot: number): Promise<void> {
  const occupant = await db
    .selectFrom('members')
    .select('id')
    .where('placement_parent_id', '=', parent.id)
    .where('placement_slot', '=', slot)
    .executeTakeFirst();
  if (!occupant) return;
  const width = placementWidth(company);
  if (company.placement_tree === 'matrix') {
    const taken = await db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).where('placement_parent_id', '=', parent.id).executeTakeFirstOrThrow();
    if (Number(taken.n) >= width) throw new SamoohError('MATRIX_PARENT_FULL', { parent: parent.code, width });
  }
  throw slotTaken(company, parent.code, slot);
}

export function slotTaken(company: Company, parentCode: string, slot: number): SamoohError {
  const label = company.placement_tree === 'binary' ? (slot === 0 ? 'L' : 'R') : String(slot + 1);
  return new SamoohError('PLACEMENT_SLOT_TAKEN', { slot: label, parent: parentCode });
}
