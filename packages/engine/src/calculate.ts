/**
 * The period calculation over a compact snapshot: volumes and ranks, then every bonus of the
 * plan (matching bonuses last, since they read the others' earnings), then the cap.
 *
 * Lines are streamed, not stored: one pass adds them up before the cap; when the cap scales,
 * a second pass adds up the scaled lines into the same arrays; writing the result streams
 * them once more. Bonuses with many lines add them up per payee run (BonusRun.addUp).
 */
import { LineTotals } from './core/line-totals.ts';
import { preparePeriod, type PeriodState } from './core/period.ts';
import type { Bonus, BonusOfType, Plan } from './plan/schema.ts';
import type { Snapshot } from './snapshot/types.ts';
import type { BonusContext, BonusRun, LineSink } from './bonuses/bonus-run.ts';
import { capOutcome, cappedAmount, lineFactor, type CapOutcome } from './bonuses/cap.ts';
import { binary } from './bonuses/binary.ts';
import { fastStart, fastStartWindowOrders } from './bonuses/fast-start.ts';
import { matching } from './bonuses/matching.ts';
import { matrix } from './bonuses/matrix.ts';
import { pool } from './bonuses/pool.ts';
import { rankAdvancement } from './bonuses/rank-advancement.ts';
import { retailProfit } from './bonuses/retail-profit.ts';
import { stairstep } from './bonuses/stairstep.ts';
import { unilevel } from './bonuses/unilevel.ts';
import { RATE_SCALE } from './money/rate.ts';
import { EngineWorkspace } from './core/workspace.ts';

export interface Calculation {
  period: PeriodState;
  /** By the bonus's position in the plan. */
  runs: BonusRun[];
  /** Per member, minor units after the cap. */
  earned: Float64Array;
  /** Per bonus (plan position), minor units after the cap. */
  paidByBonus: Float64Array;
  paid: number;
  /** Lines with a non-zero amount after the cap. */
  lineCount: number;
  cap: CapOutcome;
  /** The workspace the calculation lives in, and its ticket there. */
  workspace: EngineWorkspace;
  ticket: number;
}

export interface CalculationOptions {
  /**
   * Memory kept between calculations (see EngineWorkspace). A calculation made in it is
   * readable only until the workspace serves the next calculation.
   */
  workspace?: EngineWorkspace;
}

export function calculateSnapshot(plan: Plan, snapshot: Snapshot, options: CalculationOptions = {}): Calculation {
  const workspace = options.workspace ?? new EngineWorkspace();
  const ticket = workspace.begin();
  const period = preparePeriod(plan, snapshot, workspace);
  const bonusIndex = new Map(plan.bonuses.map((bonus, index) => [bonus.id, index]));
  const matched = new Set(plan.bonuses.flatMap((bonus) => (bonus.type === 'matching' ? bonus.of.map((id) => bonusIndex.get(id)!) : [])));
  const totals = new LineTotals(snapshot.memberCount, plan.bonuses.length, matched, workspace);
  const earningsFrom = (ids: readonly string[]): Float64Array => {
    if (ids.length === 1) return totals.earnedByBonus[bonusIndex.get(ids[0]!)!]!;
    const sum = new Float64Array(snapshot.memberCount);
    for (const id of ids) totals.earnedByBonus[bonusIndex.get(id)!]!.forEach((amount, member) => { sum[member]! += amount; });
    return sum;
  };

  const listedWindows = new Map<string, Int32Array>();
  const windowOrdersOf = (fastStart: BonusOfType<'fastStart'>): Int32Array => {
    if (!listedWindows.has(fastStart.id)) listedWindows.set(fastStart.id, fastStartWindowOrders(fastStart, snapshot));
    return listedWindows.get(fastStart.id)!;
  };

  const runs: BonusRun[] = new Array(plan.bonuses.length);
  const computeOrder = plan.bonuses.map((bonus, index) => ({ bonus, index }))
    .sort((a, b) => Number(a.bonus.type === 'matching') - Number(b.bonus.type === 'matching') || a.index - b.index);
  for (const { bonus, index } of computeOrder) {
    const run = createBonusRun(bonus, { period, bonusIndex: index, earningsFrom, windowOrdersOf, workspace });
    addUpLines(run, totals);
    runs[index] = run;
  }

  totals.foldTracked();
  const cap = capOutcome(period, totals.paidByBonus);
  if (cap.factorPpm < RATE_SCALE) {
    totals.reset(Float64Array.from(plan.bonuses, (_, bonus) => lineFactor(cap, bonus)));
    for (const run of runs) addUpLines(run, totals);
  }
  const paid = totals.paidByBonus.reduce((sum, amount) => sum + amount, 0);
  return { period, runs, earned: totals.earned, paidByBonus: totals.paidByBonus, paid, lineCount: totals.lineCount, cap, workspace, ticket };
}

/** Throws when the calculation's workspace has since served another calculation (its arrays now hold that one). */
export function assertCurrent(calculation: Pick<Calculation, 'workspace' | 'ticket'>): void {
  if (!calculation.workspace.isCurrent(calculation.ticket)) {
    throw new Error('this calculation\'s workspace has since served another calculation: read a calculation before starting the next in the same workspace');
  }
}

/** Streams every line after the cap, bonus by bonus in plan order, leaving out lines the cap scaled to zero. */
export function forEachLine(calculation: Calculation, visit: (payee: number, bonus: number, step: number, ref: number, amount: number) => void): void {
  assertCurrent(calculation);
  const sink: LineSink = {
    line(payee, bonus, step, ref, rawAmount) {
      const amount = cappedAmount(calculation.cap, bonus, rawAmount);
      if (amount !== 0) visit(payee, bonus, step, ref, amount);
    },
  };
  for (const run of calculation.runs) run.emit(sink);
}

function addUpLines(run: BonusRun, totals: LineTotals): void {
  if (run.addUp) run.addUp(totals);
  else run.emit(totals);
}

function createBonusRun(bonus: Bonus, context: BonusContext): BonusRun {
  switch (bonus.type) {
    case 'retailProfit': return retailProfit(context);
    case 'fastStart': return fastStart(bonus, context);
    case 'unilevel': return unilevel(bonus, context);
    case 'matching': return matching(bonus, context);
    case 'pool': return pool(bonus, context);
    case 'rankAdvancement': return rankAdvancement(bonus, context);
    case 'binary': return binary(bonus, context);
    case 'stairstep': return stairstep(bonus, context);
    case 'matrix': return matrix(bonus, context);
  }
}
