import type { RawSession } from './connection.ts';

/** How many offenders the error names; the rest are counted. */
const NAMED_OFFENDERS = 10;

/**
 * The set-based twin of the per-row total triggers, for bulk loads that run
 * with `samooh.bulk_load = 'on'` (which makes those triggers step aside):
 * every order's amount, wholesale amount, QV and CV must equal the sum of
 * its lines, an order must have lines, and every refund's amount, QV and CV
 * must equal the sum of its lines. Run it in the loading transaction, before
 * commit; it throws (and so rolls the load back) if anything differs.
 */
export async function verifyOrderTotals(session: RawSession): Promise<void> {
  const offenders = await session.query<{ kind: 'order' | 'refund'; id: number; total: number }>(
    `WITH order_sums AS (
       SELECT order_id, sum(amount) AS amount, sum(wholesale_amount) AS wholesale, sum(qv) AS qv, sum(cv) AS cv
         FROM order_lines GROUP BY order_id
     ), refund_sums AS (
       SELECT refund_id, sum(amount) AS amount, sum(qv) AS qv, sum(cv) AS cv
         FROM refund_lines GROUP BY refund_id
     ), offenders AS (
       SELECT 'order' AS kind, o.id
         FROM orders o LEFT JOIN order_sums s ON s.order_id = o.id
        WHERE (o.amount, o.wholesale_amount, o.qv, o.cv) IS DISTINCT FROM (s.amount, s.wholesale, s.qv, s.cv)
       UNION ALL
       SELECT 'refund', r.id
         FROM refunds r LEFT JOIN refund_sums s ON s.refund_id = r.id
        WHERE (r.amount, r.qv, r.cv) IS DISTINCT FROM (coalesce(s.amount, 0), coalesce(s.qv, 0), coalesce(s.cv, 0))
     )
     SELECT kind, id, count(*) OVER () AS total FROM offenders ORDER BY kind, id LIMIT ${NAMED_OFFENDERS}`,
  );
  if (offenders.length === 0) return;
  const named = offenders.map((offender) => `${offender.kind} ${offender.id}`).join(', ');
  const more = Number(offenders[0]!.total) - offenders.length;
  throw new Error(`totals differ from the sum of their lines: ${named}${more > 0 ? ` and ${more} more` : ''}`);
}
