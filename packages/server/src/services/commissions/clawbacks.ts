import { mulDivRound } from '@samooh/engine';
import type { RawSession } from '../../db/connection.ts';
import type { CommissionLinesTable } from '../../db/schema.ts';

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
  sourceOrderId: number;
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
