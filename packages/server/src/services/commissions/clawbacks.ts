import { mulDivRound, paidOnMatchedVolume, type BonusOfType, type Plan } from '@samooh/engine';
import type { RawSession } from '../../db/connection.ts';
import type { CommissionLinesTable } from '../../db/schema.ts';
import type { PeriodSnapshot } from './load-snapshot.ts';

/**
 * The part of a committed line a refund takes back: the line's share of the
 * refunded volume, rounded half-up on the running total of refunds, so that
 * partial refunds together never take back more than the line paid, and a
 * full refund takes back exactly all of it.
 */
export function clawbackAmount(lineAmount: number, refundedBefore: number, refundedAfter: number, orderTotal: number): number {
  if (orderTotal <= 0) return 0;
  const taken = (refunded: number) => mulDivRound(lineAmount, Math.min(refunded, orderTotal), orderTotal, 'half-up');
  return -(taken(refundedAfter) - taken(refundedBefore));
}

export interface ClawbackLine {
  payeeId: number;
  bonus: string;
  amount: number;
  sourceMemberId: number | null;
  /** The refunded order; null for a binary clawback, which adds up the refunds matched at one member. */
  sourceOrderId: number | null;
  level: number | null;
  paidLevel: number | null;
  rate: string | null;
  base: number | null;
  reversesRunId: number;
  reversesLineNo: number;
}

/** A committed line of a refunded order, with the order's totals and its refunds before and after this period. */
type RefundedLine = Omit<CommissionLinesTable, 'reverses_run_id' | 'reverses_line_no'> & {
  order_cv: number;
  order_amount: number;
  before_cv: number;
  after_cv: number;
  before_amount: number;
  after_amount: number;
};

/**
 * Negative lines for the refunds that took effect in this period on orders of
 * periods already committed: each points at the committed line it reverses.
 * Retail profit is taken back by the refunded money, other bonuses by the
 * refunded commissionable volume.
 */
export async function clawbackLines(session: RawSession, periodId: number, retailBonuses: ReadonlySet<string>): Promise<ClawbackLine[]> {
  const rows = await session.query<RefundedLine>(
    `WITH refunded AS (
       -- This period's refunds of each order, and those clawed back in earlier periods.
       SELECT r.order_id,
              sum(r.cv) FILTER (WHERE r.period_id = $1) AS cv, sum(r.amount) FILTER (WHERE r.period_id = $1) AS amount,
              coalesce(sum(r.cv) FILTER (WHERE p.start_date < this.start_date), 0) AS before_cv,
              coalesce(sum(r.amount) FILTER (WHERE p.start_date < this.start_date), 0) AS before_amount
         FROM refunds r
         JOIN periods p ON p.id = r.period_id
         JOIN periods this ON this.id = $1
        WHERE r.clawback AND r.order_id IN (SELECT order_id FROM refunds WHERE period_id = $1 AND clawback)
        GROUP BY r.order_id
     )
     SELECT l.run_id, l.line_no, l.payee_id, l.bonus, l.amount, l.source_member_id, l.source_order_id, l.level, l.paid_level, l.rate, l.base,
            o.cv AS order_cv, o.amount AS order_amount,
            f.before_cv, f.before_cv + f.cv AS after_cv, f.before_amount, f.before_amount + f.amount AS after_amount
       FROM refunded f
       JOIN orders o ON o.id = f.order_id
       JOIN commission_runs run ON run.period_id = o.period_id AND run.status = 'committed'
       JOIN commission_lines l ON l.run_id = run.id AND l.source_order_id = o.id AND l.reverses_run_id IS NULL
      ORDER BY l.run_id, l.line_no`,
    [periodId],
  );
  const lines: ClawbackLine[] = [];
  for (const row of rows) {
    const amount = retailBonuses.has(row.bonus)
      ? clawbackAmount(row.amount, row.before_amount, row.after_amount, row.order_amount)
      : clawbackAmount(row.amount, Math.round(row.before_cv * 100), Math.round(row.after_cv * 100), Math.round(row.order_cv * 100));
    if (amount === 0) continue;
    lines.push({
      payeeId: row.payee_id, bonus: row.bonus, amount, sourceMemberId: row.source_member_id, sourceOrderId: row.source_order_id!,
      level: row.level, paidLevel: row.paid_level, rate: row.rate, base: row.base, reversesRunId: row.run_id, reversesLineNo: row.line_no,
    });
  }
  return lines;
}

/**
 * Binary clawbacks: refunded volume that a member's carry could not cover had
 * been matched, and is taken back at the plan's binary pay. Each points at the
 * member's latest committed binary line, and takes back at most what is left
 * of it after earlier clawbacks (an older line that paid on the same volume is
 * not reached: the clawback errs on the member's side).
 */
export async function binaryClawbackLines(session: RawSession, plan: Plan, loaded: Pick<PeriodSnapshot, 'binaryMatchedRefunds' | 'memberDbId'>): Promise<ClawbackLine[]> {
  const bonus = plan.bonuses.find((candidate): candidate is BonusOfType<'binary'> => candidate.type === 'binary');
  if (!bonus || loaded.binaryMatchedRefunds.size === 0) return [];
  const owed = new Map<number, number>();
  for (const [member, volume] of loaded.binaryMatchedRefunds) {
    const amount = paidOnMatchedVolume(plan, bonus, volume);
    if (amount > 0) owed.set(Number(loaded.memberDbId[member]), amount);
  }
  if (owed.size === 0) return [];
  const rows = await session.query<{ run_id: number; line_no: number; payee_id: number; remaining: number }>(
    `SELECT DISTINCT ON (l.payee_id) l.run_id, l.line_no, l.payee_id,
            (l.amount + coalesce((SELECT sum(c.amount) FROM commission_lines c JOIN commission_runs cr ON cr.id = c.run_id AND cr.status = 'committed'
                                   WHERE c.reverses_run_id = l.run_id AND c.reverses_line_no = l.line_no), 0))::bigint AS remaining
       FROM commission_lines l
       JOIN commission_runs r ON r.id = l.run_id AND r.status = 'committed'
       JOIN periods p ON p.id = r.period_id
      WHERE l.bonus = $1 AND l.payee_id = ANY($2::bigint[]) AND l.reverses_run_id IS NULL AND l.amount > 0
      ORDER BY l.payee_id, p.start_date DESC, l.line_no DESC`,
    [bonus.id, [...owed.keys()]],
  );
  const lines: ClawbackLine[] = [];
  for (const row of rows) {
    const amount = Math.min(owed.get(Number(row.payee_id))!, Number(row.remaining));
    if (amount <= 0) continue;
    lines.push({
      payeeId: Number(row.payee_id), bonus: bonus.id, amount: -amount, sourceMemberId: null, sourceOrderId: null,
      level: null, paidLevel: null, rate: null, base: null, reversesRunId: Number(row.run_id), reversesLineNo: Number(row.line_no),
    });
  }
  return lines.sort((a, b) => a.payeeId - b.payeeId);
}
