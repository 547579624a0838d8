import { describe, expect, it } from 'vitest';
import { readSetting, SETTING_GROUPS, settingsChanges, toValues } from './settings-rules.ts';
import type { ComplianceSettings } from './types.ts';

const SAVED: ComplianceSettings = {
  customerShareWarnBelowPercent: 80, customerShareAlertBelowPercent: 50, groupMinCv: 100, personalShareWarnAtPercent: 80, loadingMultiple: 3, trailingPeriods: 3,
  spikeDays: 3, spikeShareWarnAtPercent: 80, purchaseMinCv: 100, soldShareMinPercent: 70, personalUseCv: 0, refundRateWarnAbovePercent: 10, payoutRatioWarnAbovePercent: 50,
  coolingOffDays: null, buyBackPercent: 90, buyBackDays: 365, grievanceOfficer: null, grievanceEmail: null, grievancePhone: null,
};
const spec = (key: keyof ComplianceSettings) => SETTING_GROUPS.flatMap((group) => group.fields).find((field) => field.key === key)!;

describe('the compliance settings form', () => {
  it('offers every setting the API takes, once', () => {
    const keys = SETTING_GROUPS.flatMap((group) => group.fields.map((field) => field.key));
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(Object.keys(SAVED).sort());
  });

  it('holds each value to the bounds of the API', () => {
    expect(readSetting(spec('customerShareWarnBelowPercent'), '80.5')).toEqual({ value: 80.5 });
    expect(readSetting(spec('customerShareWarnBelowPercent'), '100.1')).toEqual({ problem: { key: 'range', params: { min: 0, max: 100 } } });
    expect(readSetting(spec('customerShareWarnBelowPercent'), '12.34567')).toEqual({ problem: { key: 'decimals', params: { count: 4 } } });
    expect(readSetting(spec('groupMinCv'), 'a lot')).toEqual({ problem: { key: 'number' } });
    expect(readSetting(spec('groupMinCv'), '')).toEqual({ problem: { key: 'required' } });
    expect(readSetting(spec('trailingPeriods'), '2.5')).toEqual({ problem: { key: 'whole' } });
    expect(readSetting(spec('trailingPeriods'), '25')).toEqual({ problem: { key: 'range', params: { min: 1, max: 24 } } });
    expect(readSetting(spec('payoutRatioWarnAbovePercent'), '250')).toEqual({ value: 250 });
    expect(readSetting(spec('coolingOffDays'), ' ')).toEqual({ value: null });
    expect(readSetting(spec('coolingOffDays'), '0')).toEqual({ problem: { key: 'range', params: { min: 1, max: 365 } } });
    expect(readSetting(spec('grievanceEmail'), 'officer@')).toEqual({ problem: { key: 'email' } });
    expect(readSetting(spec('grievancePhone'), '+91 98765-43210')).toEqual({ value: '+919876543210' });
    expect(readSetting(spec('grievanceOfficer'), 'x'.repeat(201))).toEqual({ problem: { key: 'tooLong', params: { max: 200 } } });
  });

  it('sends only what changed, and nothing while a field is wrong or the alert level is above the warning level', () => {
    const values = toValues(SAVED);
    expect(values.coolingOffDays).toBe('');
    expect(settingsChanges(values, SAVED)).toEqual({ changes: {}, problems: {} });
    expect(settingsChanges({ ...values, coolingOffDays: '14', grievanceOfficer: ' Anita Shah ' }, SAVED)).toEqual({ changes: { coolingOffDays: 14, grievanceOfficer: 'Anita Shah' }, problems: {} });
    const wrong = settingsChanges({ ...values, customerShareAlertBelowPercent: '90', groupMinCv: 'lots' }, SAVED);
    expect(wrong.problems).toEqual({ customerShareAlertBelowPercent: { key: 'alertAboveWarn' }, groupMinCv: { key: 'number' } });
  });
});
