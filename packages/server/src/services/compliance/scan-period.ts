import { sql } from 'kysely';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { assertCan } from '../auth/permissions.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { measurePeriod, type PeriodMeasures } from './measure-period.ts';

export interface ScanResult {
  measures: PeriodMeasures;
  /** Flags this scan raised; of them, `added` were new. `dropped`: open flags that no longer hold. */
  flags: { raised: number; added: number; dropped: number; byKind: Record<string, number> };
}

/**
 * Runs the monitors over a closed (or later) period and stores what they flag, with the
 * evidence. Scanning a period again updates the same flags (one per period, kind and subject),
 * adds new ones and drops open flags that no longer hold; acknowledged flags stay as they were
 * acknowledged. Concurrent scans of one period take turns on the period row.
 */
export async function scanPeriod(ctx: RequestContext, periodId: number): Promise<ScanResult> {
  assertCan(ctx, 'compliance:manage');
  return inTransaction(ctx, async (tx) => {
    const period = await tx.db.selectFrom('periods').select(['id', 'status', 'start_date']).where('id', '=', periodId).forUpdate().executeTakeFirst();
    if (!period) throw new SamoohError('PERIOD_NOT_FOUND', { period: String(periodId) });
    if (period.status === 'open') throw new SamoohError('PERIOD_STILL_OPEN', { period: period.start_date });
    const { measures, flags } = await measurePeriod(tx.db, periodId);
    let added = 0;
    for (let start = 0; start < flags.length; start += 1000) {
      const chunk = flags.slice(start, start + 1000);
      const written = await tx.db
        .insertInto('compliance_flags')
        .values(chunk.map((flag) => ({
          period_id: periodId, kind: flag.kind, severity: flag.severity, member_id: flag.memberId, subject: flag.subject,
          figures: JSON.stringify(flag.figures), evidence: JSON.stringify(flag.evidence),
        })))
        .onConflict((conflict) => conflict.columns(['period_id', 'kind', 'subject']).doUpdateSet((eb) => ({
          severity: eb.ref('excluded.severity'), member_id: eb.ref('excluded.member_id'), figures: eb.ref('excluded.figures'),
          evidence: eb.ref('excluded.evidence'), last_seen_at: sql`now()`,
        })))
        .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
        .execute();
      added += written.filter((row) => row.inserted).length;
    }
    const dropped = await tx.db.deleteFrom('compliance_flags').where('period_id', '=', periodId).where('status', '=', 'open').where('last_seen_at', '<', sql<Date>`now()`).executeTakeFirst();
    const byKind: Record<string, number> = {};
    for (const flag of flags) byKind[flag.kind] = (byKind[flag.kind] ?? 0) + 1;
    const summary = { raised: flags.length, added, dropped: Number(dropped.numDeletedRows), byKind };
    await tx.db
      .insertInto('compliance_scans')
      .values({ period_id: periodId, scanned_by: ctx.actor.label, summary: JSON.stringify(summary) })
      .onConflict((conflict) => conflict.column('period_id').doUpdateSet({ scanned_at: sql`now()`, scanned_by: ctx.actor.label, summary: JSON.stringify(summary) }))
      .execute();
    await writeAudit(tx, { action: 'compliance.period_scanned', entity: 'period', entityId: periodId, after: summary });
    return { measures, flags: summary };
  });
}
