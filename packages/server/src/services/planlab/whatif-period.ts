import { calculateOnNetwork } from '../commissions/calculate-on-network.ts';
import type { DatabaseHandle, RawSession } from '../../db/connection.ts';
import { COPY_NULL, copyRows } from '../../db/copy-text.ts';
import type { PeriodRow } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import { assertCan } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { companyIn } from '../imports/company-in.ts';
import { loadPeriodSnapshot } from '../commissions/load-snapshot.ts';
import { earlierCommittedRuns, planTotals, type PlanTotals } from '../commissions/plan-totals.ts';
import { planFrom, type PlanChoice } from './plan-from.ts';
import { percentiles } from './statistics.ts';
import { CHANGE_BUCKETS, type ChangeBucket } from './change-buckets.ts';


export interface WhatIfTotals extends PlanTotals {
  earners: number;
}

export interface MemberChange {
  memberId: number;
  code: string;
  name: string;
  before: number;
  after: number;
  change: number;
}

export interface WhatIfResult {
  period: { id: number; start: string; end: string; status: string };
  committedRunId: number;
  before: WhatIfTotals & { planVersionId: number; plan: string; version: number };
  after: WhatIfTotals & { planVersionId: number | null; plan: string; version: number };
  change: { paid: number; payoutRatio: number; byBonus: Record<string, number> };
  members: {
    /** Members who earned under either plan. */
    compared: number;
    winners: number;
    losers: number;
    unchanged: number;
    buckets: Record<ChangeBucket, number>;
    /** Percentiles of the change in minor units over the members compared. */
    changePercentiles: { p10: number; p25: number; p50: number; p75: number; p90: number };
    topWinners: MemberChange[];
    topLosers: MemberChange[];
  };
}

const TOP = 10;

/**
 * Runs a committed period again with another plan, in a read-only transaction:
 * nothing is written, neither the ledger nor the committed run. "Before" is what
 * the committed run paid (its own lines, without clawbacks of earlier periods);
 * "after" is the other plan on the period's snapshot as the period run loads it
 * (rank history and binary carry from the committed runs before it).
 */
export async function whatIfPeriod(handle: DatabaseHandle, ctx: RequestContext, periodId: number, other: PlanChoice): Promise<WhatIfResult> {
  assertCan(ctx, 'commissions:run');
  const draft = await planFrom(ctx, other);
  return handle.rawTransaction(async (session) => {
    await session.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const [period] = await session.query<PeriodRow>('SELECT * FROM periods WHERE id = $1', [periodId]);
    if (!period) throw new SamoohError('PERIOD_NOT_FOUND', { period: String(periodId) });
    const [run] = await session.query<{ id: number; plan_version_id: number; totals: { earners: number } & PlanTotals; plan_id: string; version: number }>(
      `SELECT r.id, r.plan_version_id, r.totals, v.plan_id, v.version FROM commission_runs r JOIN plan_versions v ON v.id = r.plan_version_id
        WHERE r.period_id = $1 AND r.status = 'committed'`,
      [period.id],
    );
    if (!run) throw new SamoohError('WHATIF_PERIOD_NOT_COMMITTED', { period: period.start_date, status: period.status });

    const company = await companyIn(session);
    const earlierRuns = await earlierCommittedRuns(session, period.start_date, draft.plan);
    const loaded = await loadPeriodSnapshot(session, { period, plan: draft.plan, planVersionId: draft.planVersionId ?? 0, company, earlierRuns });
    const calculation = calculateOnNetwork(draft.plan, loaded.snapshot);
    const beforeByMember = await committedEarnings(session, run.id);

    const after = planTotals(draft.plan, calculation);
    const changes: { dbId: number; before: number; after: number }[] = [];
    const seen = new Set<number>();
    for (let member = 0; member < loaded.snapshot.memberCount; member += 1) {
      const dbId = loaded.memberDbId[member]!;
      const before = beforeByMember.get(dbId) ?? 0;
      const earned = calculation.earned[member]!;
      seen.add(dbId);
      if (before !== 0 || earned !== 0) changes.push({ dbId, before, after: earned });
    }
    for (const [dbId, before] of beforeByMember) if (!seen.has(dbId) && before !== 0) changes.push({ dbId, before, after: 0 });

    const beforeTotals: WhatIfTotals = { paid: run.totals.paid, cv: run.totals.cv, byBonus: run.totals.byBonus, payoutRatio: run.totals.payoutRatio, capFactor: run.totals.capFactor, earners: [...beforeByMember.values()].filter((amount) => amount !== 0).length };
    const afterTotals: WhatIfTotals = { ...after, earners: changes.filter((entry) => entry.after !== 0).length };
    const bonusIds = [...new Set([...Object.keys(beforeTotals.byBonus), ...Object.keys(afterTotals.byBonus)])];
    return {
      period: { id: period.id, start: period.start_date, end: period.end_date, status: period.status },
      committedRunId: run.id,
      before: { ...beforeTotals, planVersionId: run.plan_version_id, plan: run.plan_id, version: run.version },
      after: { ...afterTotals, planVersionId: draft.planVersionId, plan: draft.plan.plan, version: draft.plan.version },
      change: {
        paid: afterTotals.paid - beforeTotals.paid,
        payoutRatio: Math.round((afterTotals.payoutRatio - beforeTotals.payoutRatio) * 1e6) / 1e6,
        byBonus: Object.fromEntries(bonusIds.map((id) => [id, (afterTotals.byBonus[id] ?? 0) - (beforeTotals.byBonus[id] ?? 0)])),
      },
      members: await memberChanges(session, changes),
    };
  });
}

/** Each payee's earnings in the committed run from its own lines: clawbacks of earlier periods left out, as they do not depend on the plan. */
async function committedEarnings(session: RawSession, runId: number): Promise<Map<number, number>> {
  const earned = new Map<number, number>();
  const query = `SELECT payee_id, sum(amount) FROM commission_lines WHERE run_id = ${Number(runId)} AND reverses_run_id IS NULL GROUP BY payee_id`;
  for await (const [payee, amount] of copyRows(session.copyOut(query))) {
    if (amount !== COPY_NULL) earned.set(Number(payee), Number(amount));
  }
  return earned;
}

export function changeBucket(before: number, after: number): ChangeBucket {
  if (before === after) return 'unchanged';
  if (before === 0) return 'newEarner';
  if (after === 0 && before > 0) return 'lostAll';
  const relative = (after - before) / Math.abs(before);
  if (relative <= -0.5) return 'down50Plus';
  if (relative <= -0.1) return 'down10To50';
  if (relative < 0) return 'downUnder10';
  if (relative < 0.1) return 'upUnder10';
  if (relative < 0.5) return 'up10To50';
  return 'up50Plus';
}

async function memberChanges(session: RawSession, changes: { dbId: number; before: number; after: number }[]): Promise<WhatIfResult['members']> {
  const buckets = Object.fromEntries(CHANGE_BUCKETS.map((bucket) => [bucket, 0])) as Record<ChangeBucket, number>;
  let winners = 0, losers = 0;
  const delta = new Float64Array(changes.length);
  changes.forEach((entry, index) => {
    const change = entry.after - entry.before;
    delta[index] = change;
    if (change > 0) winners += 1;
    else if (change < 0) losers += 1;
    buckets[changeBucket(entry.before, entry.after)] += 1;
  });
  const [p10, p25, p50, p75, p90] = percentiles(delta, [10, 25, 50, 75, 90]);
  // Ties go to the lower database id, so the lists are the same on every run.
  const byChange = [...changes].sort((a, b) => (b.after - b.before) - (a.after - a.before) || a.dbId - b.dbId);
  const winnersTop = byChange.filter((entry) => entry.after > entry.before).slice(0, TOP);
  const losersTop = changes.filter((entry) => entry.after < entry.before).sort((a, b) => (a.after - a.before) - (b.after - b.before) || a.dbId - b.dbId).slice(0, TOP);
  const people = await describeMembers(session, [...winnersTop, ...losersTop].map((entry) => entry.dbId));
  const view = (entry: { dbId: number; before: number; after: number }): MemberChange => ({
    memberId: entry.dbId, code: people.get(entry.dbId)?.code ?? String(entry.dbId), name: people.get(entry.dbId)?.name ?? '',
    before: entry.before, after: entry.after, change: entry.after - entry.before,
  });
  return {
    compared: changes.length,
    winners,
    losers,
    unchanged: changes.length - winners - losers,
    buckets,
    changePercentiles: { p10: p10!, p25: p25!, p50: p50!, p75: p75!, p90: p90! },
    topWinners: winnersTop.map(view),
    topLosers: losersTop.map(view),
  };
}

async function describeMembers(session: RawSession, ids: number[]): Promise<Map<number, { code: string; name: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await session.query<{ id: number; code: string; name: string }>('SELECT id, code, name FROM members WHERE id = ANY($1::bigint[])', [ids]);
  return new Map(rows.map((row) => [Number(row.id), { code: row.code, name: row.name }]));
}

