/**
 * Pool: a fund of a share of the company's commissionable volume, split among qualifying
 * members by shares per paid-as rank. The split is by largest remainder, so every minor unit
 * of the fund is paid; ties go to the member with the smaller id.
 */
import { qualifiedMask, valueForRank, valuesByRank } from '../core/qualify.ts';
import type { BonusOfType } from '../plan/schema.ts';
import { formatPercent } from '../money/rate.ts';
import { splitLargestRemainder } from '../money/split.ts';
import { memberSource, type BonusContext, type BonusRun } from './bonus-run.ts';

type Pool = BonusOfType<'pool'>;

export function pool(bonus: Pool, { period, bonusIndex }: BonusContext): BonusRun {
  const { money, plan } = period;
  const fund = money.rateOnVolume(period.volumes.companyCommissionable, bonus.fund.share);
  const sharesOfRank = valuesByRank(bonus.shares, plan.ranks.map((rank) => rank.id), 0);
  const qualified = qualifiedMask(bonus.qualify, period);
  const participants: number[] = [];
  const shares: number[] = [];
  for (let member = 0; member < qualified.length; member += 1) {
    const memberShares = qualified[member] === 1 ? valueForRank(sharesOfRank, period.paidRank[member]!, 0) : 0;
    if (memberShares > 0) { participants.push(member); shares.push(memberShares); }
  }
  const totalShares = shares.reduce((sum, value) => sum + value, 0);
  const amounts = splitLargestRemainder(fund, shares);
  return {
    emit(sink) {
      amounts.forEach((amount, i) => { if (amount > 0) sink.line(participants[i]!, bonusIndex, 0, participants[i]!, amount); });
    },
    explain: (payee) => ({
      ...memberSource(payee),
      rate: `${valueForRank(sharesOfRank, period.paidRank[payee]!, 0)}/${totalShares}`,
      base: fund,
      note: `fund of ${formatPercent(bonus.fund.share)} of company CV, split by shares`,
    }),
  };
}
