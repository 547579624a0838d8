import { validatePlan, type Plan } from '@samooh/engine';
import { SamoohError } from '../../errors.ts';
import type { RequestContext } from '../context.ts';
import { readPlanDocument } from '../commissions/read-plan-document.ts';

/** A plan to try: a draft document given inline (YAML or JSON), or a stored version. */
export type PlanChoice = { source: string } | { planVersionId: number };

/** A plan document given inline or a stored plan version, validated by the engine. */
export async function planFrom(ctx: RequestContext, plan: PlanChoice): Promise<{ plan: Plan; planVersionId: number | null }> {
  if ('source' in plan) return { plan: readPlanDocument(plan.source).plan, planVersionId: null };
  const row = await ctx.db.selectFrom('plan_versions').select(['id', 'document']).where('id', '=', plan.planVersionId).executeTakeFirst();
  if (!row) throw new SamoohError('PLAN_VERSION_NOT_FOUND', { version: String(plan.planVersionId) });
  return { plan: validatePlan(row.document), planVersionId: row.id };
}

