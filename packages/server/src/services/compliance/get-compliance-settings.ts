import { assertCan } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { loadComplianceSettings, settingsView, type ComplianceSettings } from './compliance-settings.ts';

/** The company's compliance thresholds, cooling-off window and grievance contact. */
export async function getComplianceSettings(ctx: RequestContext): Promise<ComplianceSettings> {
  assertCan(ctx, 'compliance:read');
  return settingsView(await loadComplianceSettings(ctx.db));
}
