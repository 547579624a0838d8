import { formatPercent } from '@samooh/engine';
import { sql } from 'kysely';
import { SamoohError } from '../../errors.ts';
import type { Db } from '../context.ts';
import { getCompany } from '../company/get-company.ts';
import type { AssumptionsInput } from './assumptions.ts';

/** How many of the latest committed periods the rates are measured over. */
export const HISTORY_PERIODS = 12;

const TYPES = ['distributor', 'preferred', 'retail'] as const;

interface PeriodCounts {
  start_date: string;
  distributors_at_start: number;
  live_at_start: number;
  left: number;
  joined_distributor: number;
  joined_preferred: number;
  joined_retail: number;
  live_distributor: number;
  live_preferred: number;
  live_retail: number;
}

/**
 * Growth and buying rates measured on the company's own committed periods (the latest 12):
 * recruits per distributor live at a period's start, churn (terminations over members live at
 * the start), the share of new members who are customers and of those who are preferred, and
 * per member type orders per live member and month, mean CV, QV and price per order, and the
 * distributor price's share of the price. The company root is left out; a member counts with
 * today's type. The simulation starts from as many distributors as are live today.
 */
export async function measureAssumptions(db: Db): Promise<AssumptionsInput> {
  const company = await getCompany(db);
  const { rows: periods } = await sql<PeriodCounts>`
    WITH p AS (SELECT id, start_date, end_date FROM periods WHERE status IN ('committed', 'paid') ORDER BY start_date DESC LIMIT ${HISTORY_PERIODS}),
         m AS (SELECT id, type, (joined_at AT TIME ZONE ${company.time_zone})::date AS joined FROM members WHERE sponsor_id IS NOT NULL),
         t AS (SELECT tc.member_id, min(pp.start_date) AS left_start FROM tree_changes tc JOIN periods pp ON pp.id = tc.effective_period_id
                WHERE tc.kind = 'termination' GROUP BY tc.member_id)
    SELECT p.start_date,
           count(*) FILTER (WHERE m.type = 'distributor' AND m.joined < p.start_date AND (t.left_start IS NULL OR t.left_start >= p.start_date))::int AS distributors_at_start,
           count(*) FILTER (WHERE m.joined < p.start_date AND (t.left_start IS NULL OR t.left_start >= p.start_date))::int AS live_at_start,
           count(*) FILTER (WHERE t.left_start = p.start_date)::int AS left,
           count(*) FILTER (WHERE m.type = 'distributor' AND m.joined BETWEEN p.start_date AND p.end_date)::int AS joined_distributor,
           count(*) FILTER (WHERE m.type = 'preferred' AND m.joined BETWEEN p.start_date AND p.end_date)::int AS joined_preferred,
           count(*) FILTER (WHERE m.type = 'retail' AND m.joined BETWEEN p.start_date AND p.end_date)::int AS joined_retail,
           count(*) FILTER (WHERE m.type = 'distributor' AND m.joined <= p.end_date AND (t.left_start IS NULL OR t.left_start >= p.start_date))::int AS live_distributor,
           count(*) FILTER (WHERE m.type = 'preferred' AND m.joined <= p.end_date AND (t.left_start IS NULL OR t.left_start >= p.start_date))::int AS live_preferred,
           count(*) FILTER (WHERE m.type = 'retail' AND m.joined <= p.end_date AND (t.left_start IS NULL OR t.left_start >= p.start_date))::int AS live_retail
      FROM p CROSS JOIN m LEFT JOIN t ON t.member_id = m.id
     GROUP BY p.start_date ORDER BY p.start_date`.execute(db);
  if (periods.length === 0) throw new SamoohError('SIMULATION_NO_HISTORY');
  const { rows: buying } = await sql<{ type: (typeof TYPES)[number]; orders: number; cv: string; qv: string; amount: string; wholesale: string }>`
    SELECT b.type, count(*)::int AS orders, sum(o.cv)::text AS cv, sum(o.qv)::text AS qv, sum(o.amount)::text AS amount, sum(o.wholesale_amount)::text AS wholesale
      FROM orders o JOIN members b ON b.id = o.buyer_id
     WHERE o.period_id IN (SELECT id FROM periods WHERE status IN ('committed', 'paid') ORDER BY start_date DESC LIMIT ${HISTORY_PERIODS})
       AND b.sponsor_id IS NOT NULL
     GROUP BY b.type`.execute(db);
  const { rows: [live] } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM members WHERE type = 'distributor' AND status = 'active' AND sponsor_id IS NOT NULL`.execute(db);

  const total = (key: keyof PeriodCounts) => periods.reduce((sum, period) => sum + Number(period[key]), 0);
  const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  const share = (value: number) => formatPercent(Math.min(1_000_000, Math.max(0, Math.round(value * 1_000_000))));
  const round2 = (value: number) => Math.round(value * 100) / 100;
  const joined = total('joined_distributor') + total('joined_preferred') + total('joined_retail');
  const customers = total('joined_preferred') + total('joined_retail');
  const byType = Object.fromEntries(TYPES.map((type) => {
    const row = buying.find((entry) => entry.type === type);
    const orders = row?.orders ?? 0;
    const amount = Number(row?.amount ?? 0);
    return [type, {
      ordersPerMonth: Math.min(31, round2(ratio(orders, total(`live_${type}`)))),
      cv: round2(ratio(Number(row?.cv ?? 0), orders)),
      qv: round2(ratio(Number(row?.qv ?? 0), orders)),
      amount: Math.round(ratio(amount, orders)),
      wholesaleShare: share(amount === 0 ? 1 : ratio(Number(row?.wholesale ?? 0), amount)),
    }];
  })) as AssumptionsInput['buying'];
  return {
    initialDistributors: Math.max(1, live?.n ?? 0),
    recruitsPerDistributor: Math.min(10, round2(ratio(joined, total('distributors_at_start')))),
    churn: share(ratio(total('left'), total('live_at_start'))),
    customerShare: share(ratio(customers, joined)),
    preferredShare: share(ratio(total('joined_preferred'), customers)),
    buying: byType,
  };
}
