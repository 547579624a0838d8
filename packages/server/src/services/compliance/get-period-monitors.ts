import { assertCan } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { measurePeriod, type PeriodMeasures } from './measure-period.ts';

/** The monitors' figures for a period as they stand now (nothing stored), and when it was last scanned. */
export async function getPeriodMonitors(ctx: RequestContext, periodId: number): Promise<PeriodMeasures & { lastScan: { at: string; by: string } | null; wouldFlag: number }> {
  assertCan(ctx, 'compliance:read');
  const { measures, flags } = await measurePeriod(ctx.db, periodId);
  const scan = await ctx.db.selectFrom('compliance_scans').select(['scanned_at', 'scanned_by']).where('period_id', '=', periodId).executeTakeFirst();
  return { ...measures, lastScan: scan ? { at: scan.scanned_at.toISOString(), by: scan.scanned_by } : null, wouldFlag: flags.length };
}
