import { formatPercent, lintPlan, validatePlan, type BoundKind, type EnrollmentItem, type LintCode, type LintResult, type LintSeverity, type Plan } from '@samooh/engine';
import type { Language } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import { translate } from '../../i18n/i18n.ts';
import { assertCan } from '../auth/permissions.ts';
import type { Db, RequestContext } from '../context.ts';
import { readPlanDocument } from '../commissions/read-plan-document.ts';

/** What is stored with a plan version: the linter's result without its English sentences. */
export interface StoredLint {
  maxPayoutPpm: number;
  theoreticalMaxPpm: number | null;
  uncappedMaxPpm: number | null;
  capPpm: number | null;
  bonuses: { bonus: string; kind: BoundKind; maxPpm: number | null }[];
  findings: { code: LintCode; severity: LintSeverity; path: string; params: Record<string, string | number> }[];
}

export interface LintView {
  threshold: string;
  theoreticalMaxPayout: string | null;
  uncappedMaxPayout: string | null;
  cap: string | null;
  method: string;
  bonuses: { bonus: string; kind: BoundKind; maxShare: string | null }[];
  errors: number;
  warnings: number;
  findings: { code: LintCode; severity: LintSeverity; path: string; params: Record<string, string | number>; message: string }[];
}

/**
 * Lints a plan with what only the database knows: the catalogue's starter kits and enrollment
 * items (with their volume) and the company's payout threshold, unless one is given.
 */
export async function lintWithCatalogue(db: Db, plan: Plan, maxPayoutPpm?: number): Promise<StoredLint> {
  const items = await db.selectFrom('products').select(['sku', 'qv', 'cv', 'starter_kit', 'enrollment_fee'])
    .where((eb) => eb.or([eb('starter_kit', '=', true), eb('enrollment_fee', '=', true)])).where('active', '=', true).orderBy('sku').execute();
  const enrollmentItems: EnrollmentItem[] = items.map((item) => ({ sku: item.sku, kind: item.enrollment_fee ? 'enrollmentFee' : 'starterKit', qv: Number(item.qv), cv: Number(item.cv) }));
  const company = await db.selectFrom('company').select('lint_max_payout_ppm').executeTakeFirst();
  return storedLint(lintPlan(plan, { enrollmentItems, maxPayoutPpm: maxPayoutPpm ?? company?.lint_max_payout_ppm }));
}

export function storedLint(result: LintResult): StoredLint {
  const bound = result.payoutBound;
  return {
    maxPayoutPpm: result.maxPayoutPpm,
    theoreticalMaxPpm: bound.maxPpm,
    uncappedMaxPpm: bound.uncappedPpm,
    capPpm: bound.capPpm,
    bonuses: bound.bonuses.map((entry) => ({ bonus: entry.bonus, kind: entry.kind, maxPpm: entry.maxPpm })),
    findings: result.findings.map(({ code, severity, path, params }) => ({ code, severity, path, params })),
  };
}

const percentOrNull = (ppm: number | null) => (ppm === null ? null : formatPercent(ppm));

/** The stored result with each finding's sentence in the reader's language. */
export function renderLint(lint: StoredLint, language: Language): LintView {
  return {
    threshold: formatPercent(lint.maxPayoutPpm),
    theoreticalMaxPayout: percentOrNull(lint.theoreticalMaxPpm),
    uncappedMaxPayout: percentOrNull(lint.uncappedMaxPpm),
    cap: percentOrNull(lint.capPpm),
    method: translate(language, 'lint.method'),
    bonuses: lint.bonuses.map((entry) => ({ bonus: entry.bonus, kind: entry.kind, maxShare: percentOrNull(entry.maxPpm) })),
    errors: lint.findings.filter((finding) => finding.severity === 'error').length,
    warnings: lint.findings.filter((finding) => finding.severity === 'warning').length,
    findings: lint.findings.map((finding) => ({ ...finding, message: findingMessage(finding, language) })),
  };
}

function findingMessage(finding: StoredLint['findings'][number], language: Language): string {
  const params: Record<string, unknown> = { ...finding.params };
  if (finding.code === 'COMPRESSION_CANNOT_APPLY') params.reason = translate(language, `lint.reasons.${String(finding.params.reason)}`);
  return translate(language, `lint.${finding.code}`, params);
}

/** Lints a plan document without storing it (a draft). A document that is not a valid plan is refused with its paths. */
export async function lintPlanSource(ctx: RequestContext, source: string, maxPayoutPpm?: number): Promise<LintView> {
  assertCan(ctx, 'plans:read');
  const { plan } = readPlanDocument(source);
  return renderLint(await lintWithCatalogue(ctx.db, plan, maxPayoutPpm), ctx.language);
}

/** The findings stored with a plan version when it was saved (worked out now for a version saved before the linter). */
export async function getPlanVersionLint(ctx: RequestContext, versionId: number): Promise<LintView & { planVersionId: number }> {
  assertCan(ctx, 'plans:read');
  const row = await ctx.db.selectFrom('plan_versions').select(['id', 'document', 'lint']).where('id', '=', versionId).executeTakeFirst();
  if (!row) throw new SamoohError('PLAN_VERSION_NOT_FOUND', { version: String(versionId) });
  const lint = (row.lint as StoredLint | null) ?? (await lintWithCatalogue(ctx.db, validatePlan(row.document)));
  return { planVersionId: row.id, ...renderLint(lint, ctx.language) };
}
