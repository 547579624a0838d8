/**
 * Rank advancement: a one-time amount the first period a member reaches a rank. "First" is
 * judged against the highest rank recorded before this period (the scenario's highestRank
 * and its history); a member who jumps several ranks is paid for each rank newly reached.
 */
import type { BonusOfType } from '../plan/schema.ts';
import { memberSource, type BonusContext, type BonusRun } from './bonus-run.ts';

type RankAdvancement = BonusOfType<'rankAdvancement'>;

export function rankAdvancement(bonus: RankAdvancement, { period, bonusIndex }: BonusContext): BonusRun {
  const rankIds = period.plan.ranks.map((rank) => rank.id);
  // Unlisted ranks pay nothing here, so no carrying over from the rank below.
  const amountOfRank = Float64Array.from(rankIds, (rankId) => bonus.amounts[rankId] ?? 0);
  const { qualifiedRank, priorHighestRank } = period;
  return {
    emit(sink) {
      for (let member = 0; member < qualifiedRank.length; member += 1) {
        const reached = qualifiedRank[member]!;
        for (let rank = priorHighestRank[member]! + 1; rank <= reached; rank += 1) {
          if (amountOfRank[rank]! > 0) sink.line(member, bonusIndex, rank, member, amountOfRank[rank]!);
        }
      }
    },
    explain: (payee, rank) => ({ ...memberSource(payee), note: `first time at rank ${rankIds[rank]}` }),
  };
}
