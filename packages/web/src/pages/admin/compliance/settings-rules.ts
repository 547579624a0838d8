import { KYC_RULES } from '../../../lib/member-rules.ts';
import type { ComplianceSettings } from './types.ts';

/** The compliance settings form's rules, apart from the screen so they can be tested alone. */
export type Key = keyof ComplianceSettings;
type Kind = 'percent' | 'cv' | 'days' | 'count' | 'multiple' | 'text' | 'email' | 'phone';

/** Each setting with the bounds the server's schema (schemas/compliance.ts) holds it to, so a mistake shows under its field before anything is sent. */
export interface Spec {
  key: Key;
  kind: Kind;
  min?: number;
  max?: number;
  decimals?: number;
  nullable?: boolean;
}

const percent = (key: Key, min = 0, max = 100): Spec => ({ key, kind: 'percent', min, max, decimals: 4 });
const cv = (key: Key): Spec => ({ key, kind: 'cv', min: 0, max: 100_000_000, decimals: 2 });

export const SETTING_GROUPS: { group: string; fields: Spec[] }[] = [
  { group: 'customerShare', fields: [percent('customerShareWarnBelowPercent'), percent('customerShareAlertBelowPercent'), cv('groupMinCv')] },
  {
    group: 'purchases',
    fields: [
      percent('personalShareWarnAtPercent'),
      { key: 'loadingMultiple', kind: 'multiple', min: 1, max: 100, decimals: 6 },
      { key: 'trailingPeriods', kind: 'count', min: 1, max: 24, decimals: 0 },
      { key: 'spikeDays', kind: 'days', min: 1, max: 31, decimals: 0 },
      percent('spikeShareWarnAtPercent'),
      cv('purchaseMinCv'),
      percent('soldShareMinPercent'),
      cv('personalUseCv'),
    ],
  },
  { group: 'refundsAndPayout', fields: [percent('refundRateWarnAbovePercent'), percent('payoutRatioWarnAbovePercent', 0, 1000)] },
  {
    group: 'coolingOffAndBuyBack',
    fields: [{ key: 'coolingOffDays', kind: 'days', min: 1, max: 365, decimals: 0, nullable: true }, percent('buyBackPercent', 1, 100), { key: 'buyBackDays', kind: 'days', min: 1, max: 3650, decimals: 0 }],
  },
  {
    group: 'grievance',
    fields: [
      { key: 'grievanceOfficer', kind: 'text', max: 200, nullable: true },
      { key: 'grievanceEmail', kind: 'email', nullable: true },
      { key: 'grievancePhone', kind: 'phone', nullable: true },
    ],
  },
];
const SPECS = SETTING_GROUPS.flatMap((group) => group.fields);

export type Values = Record<Key, string>;
/** A field's problem as a catalogue key and its values. */
export type Problem = { key: string; params?: Record<string, number> };

export const toValues = (settings: ComplianceSettings): Values => Object.fromEntries(SPECS.map((spec) => [spec.key, settings[spec.key] === null ? '' : String(settings[spec.key])])) as Values;

/** What each field holds, as the API takes it, or the problem with it. */
export function readSetting(spec: Spec, text: string): { value: number | string | null } | { problem: Problem } {
  const trimmed = text.trim();
  if (trimmed === '') return spec.nullable ? { value: null } : { problem: { key: 'required' } };
  if (spec.kind === 'text') return trimmed.length > (spec.max ?? 200) ? { problem: { key: 'tooLong', params: { max: spec.max ?? 200 } } } : { value: trimmed };
  if (spec.kind === 'email') return KYC_RULES.email.test(trimmed) ? { value: trimmed } : { problem: { key: 'email' } };
  if (spec.kind === 'phone') return KYC_RULES.phone.test(trimmed.replace(/[\s-]/g, '')) ? { value: trimmed.replace(/[\s-]/g, '') } : { problem: { key: 'phone' } };
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return { problem: { key: 'number' } };
  const decimals = trimmed.split('.')[1]?.length ?? 0;
  if (decimals > (spec.decimals ?? 0)) return { problem: spec.decimals ? { key: 'decimals', params: { count: spec.decimals } } : { key: 'whole' } };
  const value = Number(trimmed);
  if (value < (spec.min ?? 0) || value > (spec.max ?? Number.MAX_SAFE_INTEGER)) return { problem: { key: 'range', params: { min: spec.min ?? 0, max: spec.max ?? 0 } } };
  return { value };
}

/** The changes to send, or the problems by field (the alert threshold may not be above the warning one). */
export function settingsChanges(values: Values, saved: ComplianceSettings): { changes: Partial<ComplianceSettings>; problems: Partial<Record<Key, Problem>> } {
  const changes: Record<string, unknown> = {};
  const problems: Partial<Record<Key, Problem>> = {};
  const read: Partial<Record<Key, unknown>> = {};
  for (const spec of SPECS) {
    const answer = readSetting(spec, values[spec.key]);
    if ('problem' in answer) problems[spec.key] = answer.problem;
    else {
      read[spec.key] = answer.value;
      if (answer.value !== saved[spec.key]) changes[spec.key] = answer.value;
    }
  }
  const warn = read.customerShareWarnBelowPercent;
  const alert = read.customerShareAlertBelowPercent;
  if (typeof warn === 'number' && typeof alert === 'number' && alert > warn) problems.customerShareAlertBelowPercent = { key: 'alertAboveWarn' };
  return { changes: changes as Partial<ComplianceSettings>, problems };
}
