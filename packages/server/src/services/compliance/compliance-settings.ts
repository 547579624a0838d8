import type { Selectable } from 'kysely';
import type { ComplianceSettingsTable } from '../../db/schema.ts';
import type { Db } from '../context.ts';

/** The company's compliance thresholds and India settings, as the API shows them (shares in percent). */
export interface ComplianceSettings {
  customerShareWarnBelowPercent: number;
  customerShareAlertBelowPercent: number;
  groupMinCv: number;
  personalShareWarnAtPercent: number;
  loadingMultiple: number;
  trailingPeriods: number;
  spikeDays: number;
  spikeShareWarnAtPercent: number;
  purchaseMinCv: number;
  soldShareMinPercent: number;
  personalUseCv: number;
  refundRateWarnAbovePercent: number;
  payoutRatioWarnAbovePercent: number;
  coolingOffDays: number | null;
  buyBackPercent: number;
  buyBackDays: number;
  grievanceOfficer: string | null;
  grievanceEmail: string | null;
  grievancePhone: string | null;
}

type Row = Selectable<ComplianceSettingsTable>;

/** Percent (up to four decimals) ↔ parts per million, exactly. */
export const percentToPpm = (percent: number) => Math.round(percent * 10_000);
export const ppmToPercent = (ppm: number) => ppm / 10_000;

/** Each API field and the column that keeps it; `percent` fields are stored in ppm. */
export const SETTING_COLUMNS = {
  customerShareWarnBelowPercent: { column: 'customer_share_warn_ppm', percent: true },
  customerShareAlertBelowPercent: { column: 'customer_share_alert_ppm', percent: true },
  groupMinCv: { column: 'group_min_cv', percent: false },
  personalShareWarnAtPercent: { column: 'personal_share_warn_ppm', percent: true },
  loadingMultiple: { column: 'loading_multiple_ppm', percent: false, ppm: true },
  trailingPeriods: { column: 'trailing_periods', percent: false },
  spikeDays: { column: 'spike_days', percent: false },
  spikeShareWarnAtPercent: { column: 'spike_share_ppm', percent: true },
  purchaseMinCv: { column: 'spike_min_cv', percent: false },
  soldShareMinPercent: { column: 'sold_share_ppm', percent: true },
  personalUseCv: { column: 'personal_use_cv', percent: false },
  refundRateWarnAbovePercent: { column: 'refund_rate_warn_ppm', percent: true },
  payoutRatioWarnAbovePercent: { column: 'payout_ratio_warn_ppm', percent: true },
  coolingOffDays: { column: 'cooling_off_days', percent: false },
  buyBackPercent: { column: 'buy_back_ppm', percent: true },
  buyBackDays: { column: 'buy_back_days', percent: false },
  grievanceOfficer: { column: 'grievance_officer', percent: false },
  grievanceEmail: { column: 'grievance_email', percent: false },
  grievancePhone: { column: 'grievance_phone', percent: false },
} as const satisfies Record<keyof ComplianceSettings, { column: keyof Row; percent: boolean; ppm?: boolean }>;

export function settingsView(row: Row): ComplianceSettings {
  const view = {} as Record<string, unknown>;
  for (const [field, spec] of Object.entries(SETTING_COLUMNS)) {
    const value = row[spec.column];
    view[field] = typeof value === 'number' && (spec.percent || 'ppm' in spec) ? (spec.percent ? ppmToPercent(value) : value / 1_000_000) : value;
  }
  return view as unknown as ComplianceSettings;
}

/** The settings row (the migration creates it). */
export async function loadComplianceSettings(db: Db): Promise<Row> {
  return db.selectFrom('compliance_settings').selectAll().executeTakeFirstOrThrow();
}
