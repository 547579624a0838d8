import { validatePlan, type Plan } from '@samooh/engine';
import { assertCan } from '../auth/permissions.ts';
import { lintWithCatalogue, renderLint, type LintView } from '../planlab/lint-plan.ts';
import { readPlanDocument } from './read-plan-document.ts';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { inTransaction, type Db, type RequestContext } from '../context.ts';

export interface PlanVersionView {
  id: number;
  plan: string;
  version: number;
  effectiveFrom: string;
  createdAt: string;
}

/**
 * Stores a plan document (YAML or JSON) as a new version. The engine validates
 * it first; a bad document is refused with every path that is wrong, nothing
 * stored. A version is never edited: a change is a new version with its own
 * effective date. The plan linter runs on it; its findings are stored with the
 * version and returned (they warn, they do not refuse).
 */
export async function savePlanVersion(ctx: RequestContext, source: string): Promise<PlanVersionView & { lint: LintView }> {
  assertCan(ctx, 'plans:write');
  const { document, plan } = readPlanDocument(source);
  return inTransaction(ctx, async (tx) => {
    const taken = await tx.db
      .selectFrom('plan_versions')
      .select(['plan_id', 'version', 'effective_from'])
      .where((eb) => eb.or([eb.and([eb('plan_id', '=', plan.plan), eb('version', '=', plan.version)]), eb('effective_from', '=', plan.effectiveFrom)]))
      .executeTakeFirst();
    if (taken) throw new SamoohError('PLAN_VERSION_EXISTS', { plan: taken.plan_id, version: taken.version, effectiveFrom: taken.effective_from });
    const lint = await lintWithCatalogue(tx.db, plan);
    const row = await tx.db
      .insertInto('plan_versions')
      .values({ plan_id: plan.plan, version: plan.version, effective_from: plan.effectiveFrom, document: JSON.stringify(document), source, created_by: ctx.actor.id, lint: JSON.stringify(lint) })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = toPlanVersionView(row);
    await writeAudit(tx, { action: 'plan.version_saved', entity: 'plan_version', entityId: row.id, after: { ...view, lintFindings: lint.findings.map((finding) => finding.code) } });
    return { ...view, lint: renderLint(lint, ctx.language) };
  });
}

export async function listPlanVersions(ctx: RequestContext): Promise<PlanVersionView[]> {
  assertCan(ctx, 'periods:read');
  const rows = await ctx.db.selectFrom('plan_versions').selectAll().orderBy('effective_from', 'desc').execute();
  return rows.map(toPlanVersionView);
}

export interface PlanInForce {
  id: number;
  plan: Plan;
  view: PlanVersionView;
}

/** The version in force for a period: the latest whose effective date is on or before the period's start. */
export async function planInForce(db: Db, periodStart: string): Promise<PlanInForce> {
  const row = await db
    .selectFrom('plan_versions')
    .selectAll()
    .where('effective_from', '<=', periodStart)
    .orderBy('effective_from', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new SamoohError('PLAN_NOT_IN_FORCE', { date: periodStart });
  return { id: row.id, plan: validatePlan(row.document), view: toPlanVersionView(row) };
}

export function toPlanVersionView(row: { id: number; plan_id: string; version: number; effective_from: string; created_at: Date }): PlanVersionView {
  return { id: row.id, plan: row.plan_id, version: row.version, effectiveFrom: row.effective_from, createdAt: new Date(row.created_at).toISOString() };
}
