import { sql } from 'kysely';
import { translate } from '../../i18n/i18n.ts';
import { assertCan } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { loadComplianceSettings } from './compliance-settings.ts';

export interface ChecklistItem {
  id: 'noJoiningFee' | 'kycBeforePayout' | 'coolingOffConfigured' | 'grievanceContactConfigured';
  title: string;
  holds: boolean;
  /** What was checked, with the records that break it. */
  evidence: Record<string, unknown>;
}

/**
 * The India checklist (Consumer Protection (Direct Selling) Rules, 2021): which of these hold
 * now, with evidence. docs/compliance.md says exactly what each item checks.
 */
export async function indiaChecklist(ctx: RequestContext): Promise<{ items: ChecklistItem[]; holds: number; total: number }> {
  assertCan(ctx, 'compliance:read');
  const settings = await loadComplianceSettings(ctx.db);
  const title = (id: ChecklistItem['id']) => translate(ctx.language, `compliance.checklist.${id}`);

  // No joining fee: enrolling takes no order or payment in Samooh, so the data can show only
  // whether a starter kit carries volume (buying it would pay the upline: paid recruitment),
  // and that people do join without buying anything.
  const kits = (await sql<{ sku: string; active: boolean; qv: number; cv: number; retail_price: number | null; sold: number }>`
    SELECT p.sku, p.active, p.qv, p.cv, pp.retail_price,
           (SELECT coalesce(sum(l.quantity - l.refunded_quantity), 0)::int FROM order_lines l WHERE l.product_id = p.id) AS sold
      FROM products p LEFT JOIN product_prices pp ON pp.product_id = p.id AND pp.currency = (SELECT currency FROM company)
     WHERE p.starter_kit ORDER BY p.sku`.execute(ctx.db)).rows;
  const joiners = (await sql<{ distributors: number; without_orders: number; kit_first: number }>`
    SELECT count(*)::int AS distributors,
           count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.buyer_id = m.id))::int AS without_orders,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id
              WHERE o.buyer_id = m.id AND p.starter_kit
                AND o.id = (SELECT min(o2.id) FROM orders o2 WHERE o2.buyer_id = m.id)))::int AS kit_first
      FROM members m WHERE m.type = 'distributor' AND m.sponsor_id IS NOT NULL`.execute(ctx.db)).rows[0]!;
  const kitsWithVolume = kits.filter((kit) => kit.qv > 0 || kit.cv > 0);

  // KYC before payout: every payout sent or paid went to a member with a verified KYC, a PAN and a bank account.
  const unpaidKyc = (await sql<{ payout: number; code: string; status: string; kyc_status: string; pan: boolean; bank: boolean }>`
    SELECT p.id AS payout, m.code, p.status, m.kyc_status, m.pan IS NOT NULL AS pan, (p.bank_account IS NOT NULL AND m.bank_account IS NOT NULL) AS bank
      FROM payouts p JOIN members m ON m.id = p.member_id
     WHERE p.status <> 'failed' AND (m.kyc_status <> 'verified' OR m.pan IS NULL OR p.bank_account IS NULL OR m.bank_account IS NULL)
     ORDER BY p.id`.execute(ctx.db)).rows;
  const payouts = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM payouts WHERE status <> 'failed'`.execute(ctx.db)).rows[0]!.n);

  const items: ChecklistItem[] = [
    {
      id: 'noJoiningFee', title: title('noJoiningFee'), holds: kitsWithVolume.length === 0,
      evidence: {
        enrollmentRequiresPurchase: false,
        distributors: joiners.distributors,
        distributorsWithoutAnyOrder: joiners.without_orders,
        distributorsWhoseFirstOrderHadAStarterKit: joiners.kit_first,
        starterKits: kits.map((kit) => ({ sku: kit.sku, active: kit.active, retailPrice: kit.retail_price, qv: kit.qv, cv: kit.cv, sold: kit.sold })),
        starterKitsWithVolume: kitsWithVolume.map((kit) => kit.sku),
      },
    },
    {
      id: 'kycBeforePayout', title: title('kycBeforePayout'), holds: unpaidKyc.length === 0,
      evidence: {
        payoutsChecked: payouts,
        payoutsWithoutKyc: unpaidKyc.length,
        examples: unpaidKyc.slice(0, 50).map((row) => ({ payout: row.payout, member: row.code, status: row.status, kycStatus: row.kyc_status, pan: row.pan, bankAccount: row.bank })),
      },
    },
    { id: 'coolingOffConfigured', title: title('coolingOffConfigured'), holds: settings.cooling_off_days !== null, evidence: { coolingOffDays: settings.cooling_off_days } },
    {
      id: 'grievanceContactConfigured', title: title('grievanceContactConfigured'),
      holds: settings.grievance_officer !== null && (settings.grievance_email !== null || settings.grievance_phone !== null),
      evidence: { officer: settings.grievance_officer, email: settings.grievance_email, phone: settings.grievance_phone },
    },
  ];
  return { items, holds: items.filter((item) => item.holds).length, total: items.length };
}
