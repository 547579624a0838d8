import { sql } from 'kysely';
import { assertCan } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { businessDate, getCompany } from '../company/get-company.ts';

export interface CohortRow {
  /** The month they joined, YYYY-MM, in the company's time zone. */
  cohort: string;
  /** With by=region: the region ('' when none is recorded); otherwise null. */
  region: string | null;
  newDistributors: number;
  /** Active in the month 3, 6 and 12 months after joining; null while that month has not begun. */
  activeAfter3: number | null;
  activeAfter6: number | null;
  activeAfter12: number | null;
}

const LATER = [3, 6, 12] as const;

/**
 * New distributors per month of joining, and how many of them were still
 * active 3, 6 and 12 months later. Active in a month means: not terminated,
 * and at least one order credited to them (their own or a customer's) with a
 * business date in that month and not fully refunded.
 */
export async function retentionCohorts(ctx: RequestContext, query: { byRegion: boolean }): Promise<{ items: CohortRow[] }> {
  assertCan(ctx, 'reports:read');
  const company = await getCompany(ctx.db);
  const thisMonth = `${businessDate(company, new Date()).slice(0, 7)}-01`;
  const region = query.byRegion ? sql`coalesce(m.region, '')` : sql`NULL::text`;
  const { rows } = await sql<{ cohort: string; region: string | null; joined: number; a3: number; a6: number; a12: number }>`
    WITH cohort AS (
      SELECT m.id, ${region} AS region, m.status, m.terminated_at,
             date_trunc('month', m.joined_at AT TIME ZONE ${company.time_zone})::date AS month
        FROM members m WHERE m.type = 'distributor' AND m.sponsor_id IS NOT NULL
    ), active AS (
      SELECT DISTINCT credited_id AS id, date_trunc('month', business_date)::date AS month FROM orders WHERE amount > refunded_amount
    ), flags AS (
      SELECT c.month, c.region,
             ${sql.join(LATER.map((k) => sql`EXISTS (SELECT 1 FROM active a WHERE a.id = c.id AND a.month = (c.month + make_interval(months => ${k}))::date)
               AND (c.terminated_at IS NULL OR (c.terminated_at AT TIME ZONE ${company.time_zone})::date >= (c.month + make_interval(months => ${k + 1}))::date) AS a${sql.raw(String(k))}`))}
        FROM cohort c
    )
    SELECT to_char(month, 'YYYY-MM') AS cohort, region, count(*)::int AS joined,
           count(*) FILTER (WHERE a3)::int AS a3, count(*) FILTER (WHERE a6)::int AS a6, count(*) FILTER (WHERE a12)::int AS a12
      FROM flags GROUP BY month, region ORDER BY month, region`.execute(ctx.db);
  const begun = (cohort: string, k: number) => {
    const [year, month] = cohort.split('-').map(Number) as [number, number];
    const later = new Date(Date.UTC(year, month - 1 + k, 1)).toISOString().slice(0, 10);
    return later <= thisMonth;
  };
  return {
    items: rows.map((row) => ({
      cohort: row.cohort,
      region: row.region,
      newDistributors: row.joined,
      activeAfter3: begun(row.cohort, 3) ? row.a3 : null,
      activeAfter6: begun(row.cohort, 6) ? row.a6 : null,
      activeAfter12: begun(row.cohort, 12) ? row.a12 : null,
    })),
  };
}
