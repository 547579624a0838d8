import type { PeriodState } from '../core/period.ts';
import type { BonusOfType } from '../plan/schema.ts';
import { formatPercent } from '../money/rate.ts';
import { NONE } from '../snapshot/types.ts';
import type { EngineWorkspace } from '../core/workspace.ts';

/**
 * Receives commission lines as a bonus produces them. A line is who is paid (payee), by
 * which bonus (its position in the plan), at which step (level, generation or rank), from
 * what (ref: an order index for order-based bonuses, a member index otherwise) and how much
 * (integer minor units, before any cap). Lines are a deterministic stream, never a stored
 * table: the calculation streams them once for totals, and again only to scale them under a
 * cap or to write them out, so tens of millions of lines need no memory of their own.
 */
export interface LineSink {
  line(payee: number, bonus: number, step: number, ref: number, amount: number): void;
}

/**
 * Receives lines already added up: `lines` lines of one bonus to one payee, together
 * `amount`. The calculation's totals need no more than this, so a bonus whose lines come in
 * runs to the same payee (one owner's orders up one chain) can skip the per-line calls.
 */
export interface PayeeTotalsSink {
  /** The factor (ppm) the bonus's lines are scaled by, each rounded down, before they are added. */
  factorOf(bonus: number): number;
  add(payee: number, bonus: number, amount: number, lines: number): void;
}

/** What a line says beyond payee, bonus and amount; member and order as indices. */
export interface LineDetail {
  sourceMember: number;
  /** Order index, or NONE when the line does not come from one order. */
  sourceOrder: number;
  level?: number;
  paidLevel?: number;
  rate?: string;
  /** Minor units the rate applies to. */
  base?: number;
  /** A few words for --explain, e.g. the rank a rank advancement was paid for. */
  note?: string;
}

/** A bonus ready to run over the period: it can stream its lines and explain any of them. */
export interface BonusRun {
  emit(sink: LineSink): void;
  /**
   * Optional fast path for totals: the same lines as emit, each scaled by the sink's factor
   * (scaleDown), lines scaled to zero left out, added up per run of one payee.
   */
  addUp?(sink: PayeeTotalsSink): void;
  /**
   * What a line says beyond payee, bonus and amount. A bonus may write it into `into` and
   * return that instead of a new object (order-rate bonuses do: tens of millions of lines are
   * explained when stored); the caller reads it before the next call.
   */
  explain(payee: number, step: number, ref: number, into?: LineDetail): LineDetail;
  /** Binary only: each member's carry out per leg, hundredths of a point. */
  carryOut?: { left: Float64Array; right: Float64Array };
  /** For --explain: what the bonus worked out for a member besides lines (legs, group volume), in points. */
  describeMember?(member: number): Record<string, unknown>;
}

export interface BonusContext {
  period: PeriodState;
  bonusIndex: number;
  /** Per member, pre-cap earnings from the named bonuses (what matching bonuses match). */
  earningsFrom: (bonusIds: readonly string[]) => Float64Array;
  /** The orders inside a fast start bonus's window, ascending: listed once per period for every bonus that reads them. */
  windowOrdersOf: (fastStart: BonusOfType<'fastStart'>) => Int32Array;
  /** Where large scratch arrays come from (kept by the caller between calculations, or new). */
  workspace: EngineWorkspace;
}

/** Explains a line paid at a rate per level (or generation) on one order: source is the order, base its volume in money. */
export function explainOrderRate(
  period: PeriodState, basis: Float64Array, rates: readonly number[], physicalLevel: (payee: number, order: number, step: number) => number,
): BonusRun['explain'] {
  // Written once per level: a run explains every one of its lines when they are stored.
  const rateText = rates.map(formatPercent);
  return (payee, step, order, into) => {
    const detail = into ?? { sourceMember: NONE, sourceOrder: NONE };
    detail.sourceMember = period.snapshot.orderBuyer[order]!;
    detail.sourceOrder = order;
    detail.level = physicalLevel(payee, order, step);
    detail.paidLevel = step;
    detail.rate = rateText[step - 1]!;
    detail.base = period.money.volumeToMinor(basis[order]!);
    if (detail.note !== undefined) detail.note = undefined;
    return detail;
  };
}

export function memberSource(member: number): Pick<LineDetail, 'sourceMember' | 'sourceOrder'> {
  return { sourceMember: member, sourceOrder: NONE };
}
