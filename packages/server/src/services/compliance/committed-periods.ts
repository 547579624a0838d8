import { validatePlan, type Plan } from '@samooh/engine';
import { sql } from 'kysely';
import { SamoohError } from '../../errors.ts';
import type { Db } from '../context.ts';

export interface CommittedPeriod {
  id: number;
  start: string;
  end: string;
  status: string;
  runId: number;
  planVersionId: number;
}

export interface CommittedRange {
  start: string;
  end: string;
  periods: CommittedPeriod[];
  /** The plan version of each period's committed run, by version id. */
  plans: Map<number, { plan: Plan; planId: string; version: number }>;
}

/**
 * The periods from `fromId` to `toId` (by dates, inclusive), each committed or paid, with its
 * committed run and plan. Refuses an unknown period, a range that runs backwards, and a range
 * holding any period that is not committed yet, naming them.
 */
export async function committedRange(db: Db, fromId: number, toId: number): Promise<CommittedRange> {
  const ends = await db.selectFrom('periods').select(['id', 'start_date', 'end_date']).where('id', 'in', [fromId, toId]).execute();
  const from = ends.find((period) => period.id === fromId);
  const to = ends.find((period) => period.id === toId);
  if (!from) throw new SamoohError('PERIOD_NOT_FOUND', { period: String(fromId) });
  if (!to) throw new SamoohError('PERIOD_NOT_FOUND', { period: String(toId) });
  if (from.start_date > to.start_date) throw new SamoohError('PERIOD_RANGE_INVALID', { from: from.start_date, to: to.start_date });
  const { rows } = await sql<{ id: number; start: string; end: string; status: string; run_id: number | null; plan_version_id: number | null }>`
    SELECT p.id, p.start_date AS start, p.end_date AS end, p.status, r.id AS run_id, r.plan_version_id
      FROM periods p
      LEFT JOIN commission_runs r ON r.period_id = p.id AND r.status = 'committed'
     WHERE p.start_date BETWEEN ${from.start_date} AND ${to.start_date}
     ORDER BY p.start_date`.execute(db);
  const uncommitted = rows.filter((row) => row.run_id === null || (row.status !== 'committed' && row.status !== 'paid'));
  if (uncommitted.length > 0) {
    throw new SamoohError('PERIODS_NOT_COMMITTED', { periods: uncommitted.map((row) => `${row.start} (${row.status})`).join(', ') }, { periods: uncommitted.map((row) => ({ id: row.id, start: row.start, status: row.status })) });
  }
  const periods = rows.map((row) => ({ id: row.id, start: row.start, end: row.end, status: row.status, runId: row.run_id!, planVersionId: row.plan_version_id! }));
  const versionIds = [...new Set(periods.map((period) => period.planVersionId))];
  const versions = await db.selectFrom('plan_versions').select(['id', 'plan_id', 'version', 'document']).where('id', 'in', versionIds).execute();
  const plans = new Map(versions.map((row) => [row.id, { plan: validatePlan(row.document), planId: row.plan_id, version: row.version }]));
  return { start: periods[0]!.start, end: periods.at(-1)!.end, periods, plans };
}

/** One committed or paid period, with its committed run and plan. */
export async function committedPeriod(db: Db, periodId: number): Promise<CommittedRange> {
  return committedRange(db, periodId, periodId);
}
