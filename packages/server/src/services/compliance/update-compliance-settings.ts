import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { assertCan } from '../auth/permissions.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { loadComplianceSettings, percentToPpm, SETTING_COLUMNS, settingsView, type ComplianceSettings } from './compliance-settings.ts';

/**
 * Changes some of the compliance settings (the rest stay), audited. Ranges are checked by the
 * request schema; this refuses combinations that cannot both hold: an alert threshold above the
 * warning threshold for customer share.
 */
export async function updateComplianceSettings(ctx: RequestContext, changes: Partial<ComplianceSettings>): Promise<ComplianceSettings> {
  assertCan(ctx, 'compliance:manage');
  return inTransaction(ctx, async (tx) => {
    const before = settingsView(await loadComplianceSettings(tx.db));
    const after = { ...before, ...changes };
    if (after.customerShareAlertBelowPercent > after.customerShareWarnBelowPercent) {
      throw new SamoohError('COMPLIANCE_THRESHOLDS_INVALID', { alert: `${after.customerShareAlertBelowPercent}%`, warn: `${after.customerShareWarnBelowPercent}%` });
    }
    const values: Record<string, unknown> = { updated_at: new Date() };
    for (const [field, value] of Object.entries(changes)) {
      const spec = SETTING_COLUMNS[field as keyof ComplianceSettings];
      if (!spec || value === undefined) continue;
      values[spec.column] = typeof value === 'number' && spec.percent ? percentToPpm(value) : typeof value === 'number' && 'ppm' in spec ? Math.round(value * 1_000_000) : value;
    }
    await tx.db.updateTable('compliance_settings').set(values).execute();
    await writeAudit(tx, { action: 'compliance.settings_changed', entity: 'compliance_settings', entityId: 1, before: { ...before }, after: { ...after } });
    return settingsView(await loadComplianceSettings(tx.db));
  });
}
