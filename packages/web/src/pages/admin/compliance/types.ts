/**
 * The compliance answers the console reads, inferred from the server's zod schemas
 * (type-only imports: nothing of the server's runtime reaches the bundle).
 */
import type { z } from 'zod';
import type {
  ChecklistSchema, ComplianceSettingsSchema, FlagKind as FlagKindSchema, FlagSchema, HoldSchema, IncomeDisclosureSchema, MonitorsSchema, ScanSchema,
} from '../../../../../server/src/schemas/compliance.ts';

export type Flag = z.infer<typeof FlagSchema>;
export type FlagKind = z.infer<typeof FlagKindSchema>;
export type Monitors = z.infer<typeof MonitorsSchema> & { lastScan: { at: string; by: string } | null; wouldFlag: number };
export type Scan = z.infer<typeof ScanSchema>;
export type ComplianceSettings = z.infer<typeof ComplianceSettingsSchema>;
export type Checklist = z.infer<typeof ChecklistSchema>;
export type IncomeDisclosure = z.infer<typeof IncomeDisclosureSchema>;
export type Hold = z.infer<typeof HoldSchema>;
export interface HeldMember {
  memberId: number;
  code: string;
  name: string;
  reason: string;
}

/** Every kind of flag a scan raises, in the order the screen offers them. */
export const FLAG_KINDS: readonly FlagKind[] = ['customer_share', 'group_customer_share', 'personal_purchase_share', 'inventory_loading', 'purchase_spike', 'seventy_percent_rule', 'refund_rate', 'payout_ratio'];

/** One order a flag cites as evidence: number, date, buyer, CV and amount. */
export type { EvidenceOrder } from '../../../../../server/src/services/compliance/measure-period.ts';
