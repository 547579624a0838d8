/**
 * Adds lines up per member, per bonus, and per member of the bonuses a matching bonus reads.
 * The same arrays serve the pass before the cap and, reset, the pass after it, so a period
 * allocates them once.
 */
import type { LineSink, PayeeTotalsSink } from '../bonuses/bonus-run.ts';
import { scaleDown } from '../bonuses/cap.ts';
import { RATE_SCALE } from '../money/rate.ts';
import { FRESH_MEMORY, type Memory } from './workspace.ts';

export class LineTotals implements LineSink, PayeeTotalsSink {
  readonly earned: Float64Array;
  readonly paidByBonus: Float64Array;
  /** Per bonus, per member earnings: kept only for the bonuses some matching bonus matches. */
  readonly earnedByBonus: (Float64Array | null)[];
  /** Lines with a non-zero amount. */
  lineCount = 0;
  /** Per bonus, the factor (ppm) its lines are scaled by before they are added. */
  private factors: Float64Array;

  constructor(memberCount: number, bonusCount: number, trackedBonuses: ReadonlySet<number>, memory: Memory = FRESH_MEMORY) {
    this.earned = memory.float64('earned', memberCount);
    this.paidByBonus = new Float64Array(bonusCount);
    this.earnedByBonus = Array.from({ length: bonusCount }, (_, bonus) => (trackedBonuses.has(bonus) ? memory.float64(`earned by bonus ${bonus}`, memberCount) : null));
    this.factors = new Float64Array(bonusCount).fill(RATE_SCALE);
  }

  /**
   * Adds the per-bonus member earnings into `earned` and stops keeping them (the arrays stay
   * with whoever read them). Until then a tracked bonus's amounts go to its own array only,
   * which saves the hot loops one random write per payee.
   */
  foldTracked(): void {
    for (const perMember of this.earnedByBonus) {
      if (perMember === null) continue;
      for (let member = 0; member < perMember.length; member += 1) this.earned[member]! += perMember[member]!;
    }
    this.earnedByBonus.fill(null);
  }

  /** Starts again from zero (after foldTracked), scaling each bonus's lines by its factor. */
  reset(factors: Float64Array): void {
    this.earned.fill(0);
    this.paidByBonus.fill(0);
    this.lineCount = 0;
    this.factors = factors;
  }

  factorOf(bonus: number): number {
    return this.factors[bonus]!;
  }

  line(payee: number, bonus: number, _step: number, _ref: number, rawAmount: number): void {
    const amount = scaleDown(rawAmount, this.factors[bonus]!);
    if (amount !== 0) this.add(payee, bonus, amount, 1);
  }

  add(payee: number, bonus: number, amount: number, lines: number): void {
    this.paidByBonus[bonus]! += amount;
    const perMember = this.earnedByBonus[bonus];
    if (perMember) perMember[payee]! += amount;
    else this.earned[payee]! += amount;
    this.lineCount += lines;
  }
}
