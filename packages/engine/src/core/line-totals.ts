/** Line sinks that add lines up: per member, per bonus, and per member of the bonuses a matching bonus reads. */
import type { LineSink } from '../bonuses/bonus-run.ts';
import { cappedAmount, type CapOutcome } from '../bonuses/cap.ts';

export class LineTotals implements LineSink {
  readonly earned: Float64Array;
  readonly paidByBonus: Float64Array;
  /** Per bonus, per member earnings: kept only for the bonuses some matching bonus matches. */
  readonly earnedByBonus: (Float64Array | null)[];
  /** Lines with a non-zero amount. */
  lineCount = 0;

  constructor(memberCount: number, bonusCount: number, trackedBonuses: ReadonlySet<number>, private readonly cap: CapOutcome | null) {
    this.earned = new Float64Array(memberCount);
    this.paidByBonus = new Float64Array(bonusCount);
    this.earnedByBonus = Array.from({ length: bonusCount }, (_, bonus) => (trackedBonuses.has(bonus) ? new Float64Array(memberCount) : null));
  }

  line(payee: number, bonus: number, _step: number, _ref: number, rawAmount: number): void {
    const amount = this.cap === null ? rawAmount : cappedAmount(this.cap, bonus, rawAmount);
    if (amount === 0) return;
    this.earned[payee]! += amount;
    this.paidByBonus[bonus]! += amount;
    const perMember = this.earnedByBonus[bonus];
    if (perMember) perMember[payee]! += amount;
    this.lineCount += 1;
  }
}
