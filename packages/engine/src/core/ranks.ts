/**
 * Ranks, bottom-up. A distributor holds the highest rank whose every requirement is met this
 * period; requirements may look at downline ranks (legs holding a rank), which is why members
 * are evaluated deepest first. Each requirement is a check with a required value and the
 * members' actual values, so the same checks decide ranks and explain them.
 */
import { VOLUME_SCALE, DISTRIBUTOR, NONE, type Snapshot } from '../snapshot/types.ts';
import { RATE_SCALE, formatPercent } from '../money/rate.ts';
import type { Plan, RankRequirements } from '../plan/schema.ts';
import type { SponsorTree } from './tree.ts';
import { autoshipVolume, rollingVolume, type Volumes } from './volumes.ts';
import { FRESH_MEMORY, type Memory } from './workspace.ts';

export interface RequirementCheck {
  /** What is required, in the plan's words: "gv (max 50% from one leg)". */
  requirement: string;
  unit: 'points' | 'count' | 'yes/no';
  /** In internal units: hundredths of a point for volumes. */
  required: number;
  /** Per member, the actual value in the same units (legs holding a rank: filled in as the ranks are evaluated). */
  actual: MemberValues;
}

/** One value per member. */
export type MemberValues = Float64Array | Int32Array | Uint8Array;

export interface RankInputs {
  snapshot: Snapshot;
  tree: SponsorTree;
  volumes: Volumes;
  active: Uint8Array;
  rankIndex: ReadonlyMap<string, number>;
  /** Where the rank arrays come from (new ones by default). */
  memory?: Memory;
}

export interface RankEvaluation {
  /** Highest rank met this period, or NONE. */
  qualifiedRank: Int32Array;
  /** checksByRank[r]: the requirements of rank r. */
  checksByRank: RequirementCheck[][];
}

export function evaluateRanks(plan: Plan, inputs: RankInputs): RankEvaluation {
  const { snapshot, tree } = inputs;
  const legsHolding = new Map<number, Int32Array>();
  const memory = inputs.memory ?? FRESH_MEMORY;
  const checksByRank = plan.ranks.map((rank, index) => compileChecks(rank.requires ?? {}, inputs, legsHolding, `rank ${index}`));
  // Hoisted out of the map: the loop below runs once per member.
  const referencedRanks = [...legsHolding.keys()];
  const holdingCounts = referencedRanks.map((rank) => legsHolding.get(rank)!);
  const legCounts = new Set<MemberValues>(holdingCounts);
  const legChecksByRank = checksByRank.map((checks) => checks.filter((check) => legCounts.has(check.actual)));
  const otherChecksByRank = checksByRank.map((checks) => checks.filter((check) => !legCounts.has(check.actual)));
  const { qualifiedRank, otherChecksMet } = ranksBeforeLegs(otherChecksByRank, legChecksByRank, snapshot, memory);
  const subtreeBest = memory.int32('best rank in subtree', snapshot.memberCount).fill(NONE);

  const { topDown, parent } = tree;
  for (let i = topDown.length - 1; i >= 0; i -= 1) {
    const member = topDown[i]!;
    // Children were visited first, so the legs' counts are complete: a rank above the one
    // known so far needs its other checks met (flagged) and its leg checks met now.
    for (let rank = checksByRank.length - 1; rank > qualifiedRank[member]!; rank -= 1) {
      if (otherChecksMet[rank]?.[member] === 1 && meets(legChecksByRank[rank]!, member)) { qualifiedRank[member] = rank; break; }
    }
    const best = Math.max(subtreeBest[member]!, qualifiedRank[member]!);
    subtreeBest[member] = best;
    const up = parent[member]!;
    if (up === NONE) continue;
    if (best > subtreeBest[up]!) subtreeBest[up] = best;
    for (let i = 0; i < referencedRanks.length; i += 1) if (best >= referencedRanks[i]!) holdingCounts[i]![up]! += 1;
  }
  return { qualifiedRank, checksByRank };
}

/**
 * Everything rank checks need but legs holding a rank is known before the bottom-up pass, so
 * it is checked here, member after member in memory order: each distributor's highest rank
 * without leg checks whose checks are met, and for the ranks above it that have leg checks, a
 * flag per member that their other checks are met.
 */
function ranksBeforeLegs(otherChecksByRank: RequirementCheck[][], legChecksByRank: RequirementCheck[][], snapshot: Snapshot, memory: Memory) {
  const { memberType, terminated, memberCount } = snapshot;
  const qualifiedRank = memory.int32('qualified rank', memberCount).fill(NONE);
  const otherChecksMet = legChecksByRank.map((legChecks, rank) => (legChecks.length > 0 ? memory.uint8(`rank ${rank} other checks met`, memberCount) : null));
  for (let member = 0; member < memberCount; member += 1) {
    if (memberType[member] !== DISTRIBUTOR || terminated[member] !== 0) continue;
    for (let rank = otherChecksByRank.length - 1; rank >= 0; rank -= 1) {
      if (!meets(otherChecksByRank[rank]!, member)) continue;
      const flags = otherChecksMet[rank];
      if (!flags) { qualifiedRank[member] = rank; break; }
      flags[member] = 1;
    }
  }
  return { qualifiedRank, otherChecksMet };
}

function meets(checks: RequirementCheck[], member: number): boolean {
  for (let i = 0; i < checks.length; i += 1) if (checks[i]!.actual[member]! < checks[i]!.required) return false;
  return true;
}

function compileChecks(requires: RankRequirements, inputs: RankInputs, legsHolding: Map<number, Int32Array>, key: string): RequirementCheck[] {
  const memory = inputs.memory ?? FRESH_MEMORY;
  const { volumes, active, snapshot } = inputs;
  const checks: RequirementCheck[] = [];
  const points = (value: number): number => Math.round(value * VOLUME_SCALE);
  if (requires.active) checks.push({ requirement: 'active', unit: 'yes/no', required: 1, actual: active });
  if (requires.pv !== undefined) checks.push({ requirement: 'pv', unit: 'points', required: points(requires.pv), actual: volumes.pv });
  if (requires.gv !== undefined) {
    const required = points(requires.gv);
    if (requires.maxLegShare === undefined) {
      checks.push({ requirement: 'gv', unit: 'points', required, actual: volumes.gv });
    } else {
      const counted = gvWithLegCap(inputs, Math.floor((required * requires.maxLegShare) / RATE_SCALE), memory.float64(`${key} gv with leg cap`, volumes.pv.length));
      checks.push({ requirement: `gv (at most ${formatPercent(requires.maxLegShare)} from one leg)`, unit: 'points', required, actual: counted });
    }
  }
  if (requires.sponsoredActive !== undefined) {
    const counts = sponsoredActiveCounts(inputs, memory.int32(`${key} sponsored active`, active.length));
    checks.push({ requirement: 'sponsoredActive', unit: 'count', required: requires.sponsoredActive, actual: counts });
  }
  if (requires.legsWithRank) {
    const rank = inputs.rankIndex.get(requires.legsWithRank.rank)!;
    if (!legsHolding.has(rank)) legsHolding.set(rank, memory.int32(`legs holding rank ${rank}`, snapshot.memberCount));
    const counts = legsHolding.get(rank)!;
    checks.push({ requirement: `legsWithRank ${requires.legsWithRank.rank}`, unit: 'count', required: requires.legsWithRank.count, actual: counts });
  }
  if (requires.autoshipQV !== undefined) {
    checks.push({ requirement: 'autoshipQV', unit: 'points', required: points(requires.autoshipQV), actual: autoshipVolume(snapshot) });
  }
  for (const [kind, rolling] of [['rollingPv', requires.rollingPv], ['rollingGv', requires.rollingGv]] as const) {
    if (!rolling) continue;
    const current = kind === 'rollingPv' ? volumes.pv : volumes.gv;
    const totals = rollingVolume(current, snapshot.history.map((period) => (kind === 'rollingPv' ? period.pv : period.gv)), rolling.periods);
    checks.push({ requirement: `${kind} over ${rolling.periods} periods`, unit: 'points', required: points(rolling.min), actual: totals });
  }
  return checks;
}

/** Max-leg rule: own PV plus, from each frontline leg, its GV but at most legCap. */
export function gvWithLegCap(inputs: Pick<RankInputs, 'tree' | 'volumes'>, legCap: number, into = new Float64Array(inputs.volumes.pv.length)): Float64Array {
  const { parent } = inputs.tree;
  const { pv, gv } = inputs.volumes;
  const counted = into;
  counted.set(pv);
  for (let member = 0; member < counted.length; member += 1) {
    const up = parent[member]!;
    if (up !== NONE) counted[up]! += Math.min(gv[member]!, legCap);
  }
  return counted;
}

/** Personally sponsored members who are active this period. */
export function sponsoredActiveCounts(inputs: Pick<RankInputs, 'tree' | 'active'>, into = new Int32Array(inputs.active.length)): Int32Array {
  const { active } = inputs;
  const { parent } = inputs.tree;
  const counts = into;
  for (let member = 0; member < counts.length; member += 1) {
    const up = parent[member]!;
    if (up !== NONE && active[member] === 1) counts[up]! += 1;
  }
  return counts;
}
