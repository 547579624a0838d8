import { sql } from 'kysely';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { assertCan } from '../auth/permissions.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { listFlags, type FlagView } from './list-flags.ts';

/** Acknowledges a flag with a note (what was looked at, what was done), audited. Once only. */
export async function acknowledgeFlag(ctx: RequestContext, flagId: number, note: string): Promise<FlagView> {
  assertCan(ctx, 'compliance:manage');
  return inTransaction(ctx, async (tx) => {
    const flag = await tx.db.selectFrom('compliance_flags').select(['id', 'period_id', 'kind', 'subject', 'status', 'acknowledged_by']).where('id', '=', flagId).forUpdate().executeTakeFirst();
    if (!flag) throw new SamoohError('COMPLIANCE_FLAG_NOT_FOUND', { flag: String(flagId) });
    if (flag.status === 'acknowledged') throw new SamoohError('COMPLIANCE_FLAG_ACKNOWLEDGED', { flag: String(flagId), by: flag.acknowledged_by ?? '' });
    await tx.db.updateTable('compliance_flags').set({ status: 'acknowledged', acknowledged_by: ctx.actor.label, acknowledged_at: sql<Date>`now()`, note }).where('id', '=', flagId).execute();
    await writeAudit(tx, { action: 'compliance.flag_acknowledged', entity: 'compliance_flag', entityId: flagId, reason: note, before: { status: 'open' }, after: { status: 'acknowledged', kind: flag.kind, subject: flag.subject, period: flag.period_id } });
    return (await listFlags(tx, { limit: 1, offset: 0, id: flagId })).items[0]!;
  });
}
