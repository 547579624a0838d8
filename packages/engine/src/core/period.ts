/**
 * Everything about the period that bonuses read: the live sponsor tree, volumes, activity,
 * ranks (qualified, paid-as, prior highest, highest) and the plan's money rules.
 */
import { EngineInputError } from '../errors.ts';
import type { Plan } from '../plan/schema.ts';
import { NONE, VOLUME_SCALE, type Snapshot } from '../snapshot/types.ts';
import { moneyRules, type MoneyRules } from './money-rules.ts';
import { evaluateRanks, type RequirementCheck } from './ranks.ts';
import { buildSponsorTree, type SponsorTree } from './tree.ts';
import { computeActivity, computeVolumes, type Volumes } from './volumes.ts';
import { FRESH_MEMORY, type Memory } from './workspace.ts';

export interface PeriodState {
  plan: Plan;
  snapshot: Snapshot;
  tree: SponsorTree;
  volumes: Volumes;
  active: Uint8Array;
  rankIndex: ReadonlyMap<string, number>;
  rankChecks: RequirementCheck[][];
  qualifiedRank: Int32Array;
  paidRank: Int32Array;
  priorHighestRank: Int32Array;
  highestRank: Int32Array;
  money: MoneyRules;
  /** Per order, the volume bonuses pay on by default (volume.commissionable). */
  commissionable: Float64Array;
}

export function preparePeriod(plan: Plan, snapshot: Snapshot, memory: Memory = FRESH_MEMORY): PeriodState {
  requireOrdersGroupedByBuyer(snapshot);
  const rankIndex = new Map(plan.ranks.map((rank, index) => [rank.id, index]));
  const priorHighestRank = priorHighestRanks(snapshot, rankIndex, memory.int32('prior highest rank', snapshot.memberCount));
  const tree = buildSponsorTree(snapshot, memory);
  const qualifying = orderVolume(snapshot, plan.volume.qualifying);
  const commissionable = orderVolume(snapshot, plan.volume.commissionable);
  const volumes = computeVolumes(snapshot, tree, qualifying, commissionable, memory);
  const minAutoship = plan.activity.autoshipQV === undefined ? null : Math.round(plan.activity.autoshipQV * VOLUME_SCALE);
  const active = computeActivity(snapshot, volumes.pv, Math.round(plan.activity.minPV * VOLUME_SCALE), minAutoship);
  const { qualifiedRank, checksByRank } = evaluateRanks(plan, { snapshot, tree, volumes, active, rankIndex, memory });

  const highestRank = memory.int32('highest rank', snapshot.memberCount);
  for (let member = 0; member < highestRank.length; member += 1) {
    highestRank[member] = Math.max(priorHighestRank[member]!, qualifiedRank[member]!);
  }
  return {
    plan, snapshot, tree, volumes, active, rankIndex, rankChecks: checksByRank, qualifiedRank,
    paidRank: plan.paidAs === 'highest' ? highestRank : qualifiedRank,
    priorHighestRank, highestRank,
    money: moneyRules(plan.rounding, plan.minorUnitsPerCV),
    commissionable,
  };
}

export function orderVolume(snapshot: Snapshot, basis: 'qv' | 'cv'): Float64Array {
  return basis === 'qv' ? snapshot.orderQv : snapshot.orderCv;
}

/** The highest rank each member held before this period: their recorded highest rank or any rank in the history. */
function priorHighestRanks(snapshot: Snapshot, rankIndex: ReadonlyMap<string, number>, prior: Int32Array): Int32Array {
  const unknown = snapshot.rankNames.filter((name) => !rankIndex.has(name));
  if (unknown.length > 0) {
    throw new EngineInputError('SCENARIO_INVALID', [{
      path: 'members[].highestRank / history[].members[].rank',
      message: `rank${unknown.length > 1 ? 's' : ''} not defined by the plan: ${unknown.join(', ')}`,
      ids: unknown,
    }]);
  }
  // Plan rank of each scenario rank name, shifted by one so that NONE (-1) maps to slot 0.
  const planRankOf = Int32Array.from([NONE, ...snapshot.rankNames.map((name) => rankIndex.get(name)!)]);
  for (let member = 0; member < prior.length; member += 1) prior[member] = planRankOf[snapshot.priorHighestRank[member]! + 1]!;
  for (const { rank: named } of snapshot.history) {
    for (let member = 0; member < prior.length; member += 1) {
      const rank = planRankOf[named[member]! + 1]!;
      if (rank > prior[member]!) prior[member] = rank;
    }
  }
  return prior;
}

function requireOrdersGroupedByBuyer(snapshot: Snapshot): void {
  for (let order = 1; order < snapshot.orderCount; order += 1) {
    if (snapshot.orderBuyer[order]! < snapshot.orderBuyer[order - 1]!) {
      throw new EngineInputError('SCENARIO_INVALID', [{
        path: 'orders', message: 'snapshot orders must be sorted by buyer index (canonical order)', ids: [snapshot.orderId(order)],
      }]);
    }
  }
}
