import { MEMBER_TYPES, NONE, VOLUME_SCALE, type MemberOutcomes, type Plan, type Snapshot } from '@samooh/engine';
import { LegTally, legCap } from './rank-progress.ts';

/** The leg sums are kept in ten-thousandths of a point: whole numbers, so adding them up is exact. */
export const LEG_SUM_SCALE = 10_000;
const DISTRIBUTOR = MEMBER_TYPES.indexOf('distributor');

/**
 * Every member's frontline leg sums (LegStanding) from a full calculation, as
 * the projection refresh stores them: per sponsor, the active distributors
 * they sponsored, each with their PV, GV and paid rank. Only sponsors with a
 * leg that counts for something get an entry. Sums are in LEG_SUM_SCALE units.
 */
export function frontlineSums(plan: Plan, snapshot: Snapshot, outcome: Pick<MemberOutcomes, 'pv' | 'gv' | 'paidRank'>): Map<number, LegTally> {
  const toSumUnits = LEG_SUM_SCALE / VOLUME_SCALE;
  const minPv = plan.activity.minPV * LEG_SUM_SCALE;
  const rankId = (rank: number) => (rank === NONE ? null : plan.ranks[rank]!.id);
  const sums = new Map<number, LegTally>();
  for (let member = 0; member < snapshot.memberCount; member += 1) {
    const sponsor = snapshot.sponsor[member]!;
    if (sponsor === NONE || snapshot.memberType[member] !== DISTRIBUTOR || snapshot.terminated[member] === 1) continue;
    const leg = { pv: outcome.pv[member]! * toSumUnits, gv: outcome.gv[member]! * toSumUnits, rank: rankId(outcome.paidRank[member]!) };
    if (leg.gv === 0 && leg.pv < minPv && leg.rank === null) continue;
    let tally = sums.get(sponsor);
    if (!tally) {
      const cap = legCap(plan, rankId(outcome.paidRank[sponsor]!));
      sums.set(sponsor, (tally = new LegTally(cap === null ? null : Math.round(cap * LEG_SUM_SCALE), minPv)));
    }
    tally.add(leg);
  }
  return sums;
}
