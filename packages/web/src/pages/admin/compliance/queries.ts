import { get } from '../../../lib/api.ts';
import type { ComplianceSettings } from './types.ts';

/** The compliance settings, read by the monitors (their thresholds) and the settings form. */
export const settingsQuery = { queryKey: ['admin', 'compliance', 'settings'], queryFn: () => get<ComplianceSettings>('/api/compliance/settings') };
