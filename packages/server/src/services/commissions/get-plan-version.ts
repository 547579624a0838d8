import { SamoohError } from '../../errors.ts';
import { assertCan } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { toPlanVersionView, type PlanVersionView } from './plan-versions.ts';

export interface PlanVersionDocument extends PlanVersionView {
  /** The document exactly as it was saved (YAML or JSON text). */
  source: string;
  /** The same document as the engine read it. */
  document: unknown;
}

/** One stored plan version with its document, as saved and as read. */
export async function getPlanVersion(ctx: RequestContext, versionId: number): Promise<PlanVersionDocument> {
  assertCan(ctx, 'plans:read');
  const row = await ctx.db.selectFrom('plan_versions').select(['id', 'plan_id', 'version', 'effective_from', 'created_at', 'source', 'document']).where('id', '=', versionId).executeTakeFirst();
  if (!row) throw new SamoohError('PLAN_VERSION_NOT_FOUND', { version: String(versionId) });
  return { ...toPlanVersionView(row), source: row.source, document: row.document };
}
