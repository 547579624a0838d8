/**
 * Matching (check match): a rate per generation on the earnings of downline members from the
 * named bonuses, before any cap. Without generationEndsAtRank a generation is one sponsor
 * level. With it, a generation runs down each leg to and including the next member of at
 * least that paid-as rank: for upline u and source m, generation = 1 + the number of such
 * members strictly between them. An upline who does not qualify is not paid (no roll-up).
 * A matching bonus never matches a matching bonus (the plan schema refuses it).
 */
import { qualifiedMask } from '../core/qualify.ts';
import type { PeriodState } from '../core/period.ts';
import type { BonusOfType } from '../plan/schema.ts';
import { formatPercent } from '../money/rate.ts';
import { NONE } from '../snapshot/types.ts';
import type { BonusContext, BonusRun } from './bonus-run.ts';
import { nearestAncestorWhere } from './unilevel.ts';

type Matching = BonusOfType<'matching'>;

export function matching(bonus: Matching, { period, bonusIndex, earningsFrom }: BonusContext): BonusRun {
  const { tree, money } = period;
  const earnings = earningsFrom(bonus.of);
  const qualified = qualifiedMask(bonus.qualify, period);
  const nextQualified = nearestAncestorWhere(tree.parent, tree.topDown, (member) => qualified[member] === 1);
  const generationOf = generationCounter(bonus, period);
  const rates = bonus.generations;
  return {
    emit(sink) {
      for (let source = 0; source < earnings.length; source += 1) {
        const base = earnings[source]!;
        if (base === 0) continue;
        // Generations only grow going up, so the walk stops at the first one past the last rate.
        for (let upline = nextQualified[source]!; upline !== NONE; upline = nextQualified[upline]!) {
          const generation = generationOf(upline, source);
          if (generation > rates.length) break;
          const amount = money.rateOnMoney(base, rates[generation - 1]!);
          if (amount > 0) sink.line(upline, bonusIndex, generation, source, amount);
        }
      }
    },
    explain: (payee, generation, source) => ({
      sourceMember: source,
      sourceOrder: NONE,
      level: tree.depth[source]! - tree.depth[payee]!,
      paidLevel: generation,
      rate: formatPercent(rates[generation - 1]!),
      base: earnings[source]!,
      note: `matches the source's ${bonus.of.join(', ')} earnings`,
    }),
  };
}

/** The generation of a source as seen from one of its uplines. */
function generationCounter(bonus: Matching, period: PeriodState): (upline: number, source: number) => number {
  const { tree } = period;
  if (bonus.generationEndsAtRank === undefined) return (upline, source) => tree.depth[source]! - tree.depth[upline]!;
  const endRank = period.rankIndex.get(bonus.generationEndsAtRank)!;
  // enders[m]: members of at least endRank on the path from the root down to m, m included.
  const enders = new Int32Array(tree.parent.length);
  for (const member of tree.topDown) {
    const up = tree.parent[member]!;
    enders[member] = (up === NONE ? 0 : enders[up]!) + (period.paidRank[member]! >= endRank ? 1 : 0);
  }
  return (upline, source) => 1 + enders[tree.parent[source]!]! - enders[upline]!;
}
