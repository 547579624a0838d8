import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveRun } from '../../src/services/commissions/approve-run.ts';
import { calculatePeriod } from '../../src/services/commissions/calculate-period.ts';
import { commitRun } from '../../src/services/commissions/commit-run.ts';
import { placeOrder } from '../../src/services/orders/place-order.ts';
import { refundOrder } from '../../src/services/orders/refund-order.ts';
import { changePeriodStatus } from '../../src/services/periods/periods.ts';
import { as, closedMonthWithOrders, user } from '../commissions/support.ts';
import { startServer, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { RANKED_PLAN } from './support.ts';

let database: TestDatabase;
let server: TestServer;
let company: Awaited<ReturnType<typeof closedMonthWithOrders>>;
let p1: number;
let p2: number;
let a: string;
let b: string;
let orderA2: string;

const commit = async (periodId: number) => {
  const { runId } = await calculatePeriod(database.handle, user(1), periodId);
  await approveRun(as(database.ctx, 2), runId);
  await commitRun(as(database.ctx, 2), runId);
};

/**
 * SM1 ← A ← B ← C (B's retail customer), under the ranked test plan (unilevel 10%, 5%; bronze at PV 20,
 * silver at PV 20 and GV 60).
 *
 * Period 1 (last month, every order dated the 5th): B 2 × Tulsi (CV 37), C 1 × Neem Soap (CV 4), A 1 × Tulsi
 * (CV 18.5). Committed. Its orders are dated a month back, so a refund of them now is past any cooling-off.
 *
 * Period 2 (this month): A 4 × Tulsi (QV 80, CV 74, ₹1,596) on the period's last day; B 1 × Tulsi (QV 20,
 * CV 18.5, ₹399) on the 3rd; C 6 × Neem Soap at retail (QV 30, CV 24, ₹720) on the 10th, one soap refunded
 * the same day (₹120, CV 4). One of B's two period 1 Tulsi is refunded now (₹399): a buy-back.
 */
beforeAll(async () => {
  database = await createTestDatabase();
  company = await closedMonthWithOrders(database.ctx, RANKED_PLAN);
  p1 = company.period.id;
  p2 = company.next.id;
  a = company.members.a.code;
  b = company.members.b.code;
  const db = database.ctx.db;
  await sql`UPDATE orders SET business_date = (SELECT start_date + 4 FROM periods WHERE id = ${p1}), created_at = created_at - interval '1 month' WHERE period_id = ${p1}`.execute(db);
  await commit(p1);
  orderA2 = (await placeOrder(database.ctx, { buyer: a, items: [{ product: 'TULSI-60', quantity: 4 }] })).order.number;
  const orderB2 = (await placeOrder(database.ctx, { buyer: b, items: [{ product: 'TULSI-60', quantity: 1 }] })).order.number;
  const orderC2 = (await placeOrder(database.ctx, { buyer: company.members.c.code, items: [{ product: 'NEEM-SOAP', quantity: 6 }] })).order.number;
  await sql`UPDATE orders SET business_date = (SELECT end_date FROM periods WHERE id = ${p2}) WHERE number = ${orderA2}`.execute(db);
  await sql`UPDATE orders SET business_date = (SELECT start_date + 2 FROM periods WHERE id = ${p2}) WHERE number = ${orderB2}`.execute(db);
  await sql`UPDATE orders SET business_date = (SELECT start_date + 9 FROM periods WHERE id = ${p2}) WHERE number = ${orderC2}`.execute(db);
  await refundOrder(database.ctx, orderC2, { reason: 'Changed mind', lines: [{ lineNo: 1, quantity: 1 }] });
  await refundOrder(database.ctx, company.orders.b.number, { reason: 'Buy-back of unsold stock', lines: [{ lineNo: 1, quantity: 1 }] });
  server = await startServer(database.handle);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await database.drop();
});

const flagsOf = async (query: string) => (await server.request('GET', `/api/compliance/flags?limit=200&${query}`)).body.items as { id: number; kind: string; severity: string; subject: string; figures: Record<string, unknown>; evidence: { order: string; date: string; cv: number }[]; status: string }[];

describe('compliance settings', () => {
  it('start from the published defaults, with the India settings unset', async () => {
    const settings = await server.request('GET', '/api/compliance/settings');
    expect(settings.body).toMatchObject({ customerShareWarnBelowPercent: 80, customerShareAlertBelowPercent: 50, loadingMultiple: 3, trailingPeriods: 3, spikeDays: 3, soldShareMinPercent: 70, coolingOffDays: null, grievanceOfficer: null });
  });

  it('refuse thresholds out of range or contradicting each other, and change nothing', async () => {
    const tooHigh = await server.request('PATCH', '/api/compliance/settings', { body: { customerShareWarnBelowPercent: 150 } });
    expect(tooHigh.status).toBe(400);
    expect(tooHigh.body.error.code).toBe('VALIDATION_FAILED');
    const crossed = await server.request('PATCH', '/api/compliance/settings', { body: { customerShareAlertBelowPercent: 90 } });
    expect(crossed.status).toBe(422);
    expect(crossed.body.error.code).toBe('COMPLIANCE_THRESHOLDS_INVALID');
    expect((await server.request('GET', '/api/compliance/settings')).body).toMatchObject({ customerShareWarnBelowPercent: 80, customerShareAlertBelowPercent: 50 });
  });

  it('change the fields given, audited', async () => {
    const changed = await server.request('PATCH', '/api/compliance/settings', { body: { groupMinCv: 10, purchaseMinCv: 10, coolingOffDays: 14 } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ groupMinCv: 10, purchaseMinCv: 10, coolingOffDays: 14, customerShareWarnBelowPercent: 80 });
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'compliance.settings_changed'`.execute(database.ctx.db);
    expect(audit.rows[0]!.n).toBe(1);
  });
});

describe('a compliance scan of a period', () => {
  it('refuses an unknown period and an open one', async () => {
    expect((await server.request('POST', '/api/compliance/periods/999999/scan')).body.error.code).toBe('PERIOD_NOT_FOUND');
    const open = await server.request('POST', `/api/compliance/periods/${p2}/scan`);
    expect(open.status).toBe(409);
    expect(open.body.error.code).toBe('PERIOD_STILL_OPEN');
  });

  it('measures customer share, rank qualifiers, loading, refunds and the payout ratio as worked out by hand', async () => {
    await changePeriodStatus(database.ctx, p2, 'close');
    await commit(p2);
    const scan = await server.request('POST', `/api/compliance/periods/${p2}/scan`);
    expect(scan.status).toBe(200);
    const { measures } = scan.body;
    // Net CV: A 74 + B 18.5 + C (24 − 4) = 112.5, of which customers 20: 17.78%.
    expect(measures.customerShare).toMatchObject({ customerCv: 20, participantCv: 92.5, totalCv: 112.5, customerSharePercent: 17.78, groupsMeasured: 2, groupsFlagged: 2 });
    // Orders ₹1,596 + ₹399 + ₹720 = 271500 paise; refunds 12000 (soap, same day) + 39900 (Tulsi, a month on: buy-back).
    // 51900 / 271500 = 19.12%; 39900 / 271500 = 14.70%.
    expect(measures.refunds).toEqual({ orderAmount: 271500, refundAmount: 51900, buyBackAmount: 39900, refundRatePercent: 19.12, buyBackRatePercent: 14.7, coolingOffDays: 14 });
    // Paid: unilevel on A's 74 → SM1 740 (no level 2 above SM1); B's 18.5 → A 185, SM1 92.5 → 93; C's 20 → A 200, SM1 100;
    // retail 5 soaps × (12000 − 9500) = 12500 to B. Total 13818 on 112.5 CV = 11250 paise: 122.83%.
    // Theoretical maximum: 15% of 11250 = 1687.5 → 1688, plus the retail margin 12500 = 14188; breakage 370 (5% of A's 74 CV
    // that no second level could take): 370 / 14188 = 2.61%.
    expect(measures.payout).toMatchObject({ cvMoney: 11250, paid: 13818, payoutRatioPercent: 122.83, breakage: 370, breakagePercent: 2.61, theoreticalMaximum: { total: 14188, capped: false, byBonus: { retail: { maximum: 12500 }, unilevel: { maximum: 1688 } } } });
    expect(measures.rankQualifiers).toEqual({ measured: true, qualifiers: 2, flagged: 1 });
    expect(measures.inventoryLoading).toEqual({ aboveTrailingAverage: 1, spikes: 1, seventyPercentRule: 1 });
  });

  it('stores each flag with its figures and evidence', async () => {
    const flags = await flagsOf(`period=${p2}`);
    const key = (flag: { kind: string; subject: string; severity: string }) => `${flag.kind} ${flag.subject} ${flag.severity}`;
    expect(flags.map(key).sort()).toEqual([
      `customer_share company alert`,
      // A's group 112.5 CV, customers 20: 17.78% (alert, under 50%); B's group 18.5 + 20 = 38.5: 51.95% (warning, under 80%).
      `group_customer_share ${a} alert`,
      `group_customer_share ${b} warning`,
      // A's 74 CV against a trailing average of 18.5: above 3 × 18.5 = 55.5.
      `inventory_loading ${a} warning`,
      `payout_ratio company warning`,
      // A: PV 80, all own purchases (silver). B: PV 20 + 25 from C = 45, own 20: 44.44%, not flagged.
      `personal_purchase_share ${a} alert`,
      // A bought everything on the last day; B on the 3rd.
      `purchase_spike ${a} warning`,
      // Company 19.12% and B 51900 / (39900 + 72000) = 46.38%, above 10%.
      `refund_rate ${b} warning`,
      `refund_rate company warning`,
      // A bought 18.5 CV before and sold nothing to customers; B sold 4 + 20 = 24 against 18.5 bought (after the buy-back).
      `seventy_percent_rule ${a} warning`,
    ].sort());
    const spike = flags.find((flag) => flag.kind === 'purchase_spike')!;
    expect(spike.figures).toMatchObject({ ownCv: 74, lastDaysCv: 74, lastDaysSharePercent: 100, lastDays: 3 });
    expect(spike.evidence).toEqual([expect.objectContaining({ order: orderA2, cv: 74, amount: 159600, buyer: a })]);
    const share = flags.find((flag) => flag.kind === 'personal_purchase_share')!;
    expect(share.figures).toMatchObject({ rank: 'silver', pv: 80, ownQv: 80, personalSharePercent: 100 });
    const group = flags.find((flag) => flag.kind === 'group_customer_share' && flag.subject === b)!;
    expect(group.figures).toMatchObject({ groupCv: 38.5, customerCv: 20, customerSharePercent: 51.95 });
    expect(group.evidence.map((order) => order.cv)).toEqual([18.5]);
    const seventy = flags.find((flag) => flag.kind === 'seventy_percent_rule')!;
    expect(seventy.figures).toMatchObject({ earlierOwnCv: 18.5, soldToCustomersCv: 0, soldSharePercent: 0, minimumPercent: 70 });
  });

  it('is idempotent: scanning again updates the same flags and adds none', async () => {
    const before = await flagsOf(`period=${p2}`);
    const again = await server.request('POST', `/api/compliance/periods/${p2}/scan`);
    expect(again.body.flags).toMatchObject({ raised: 10, added: 0, dropped: 0 });
    const after = await flagsOf(`period=${p2}`);
    expect(after.map((flag) => flag.id).sort()).toEqual(before.map((flag) => flag.id).sort());
  });

  it('filters flags, acknowledges one with a note once, audited, and keeps it when a later scan no longer raises it', async () => {
    expect((await flagsOf(`period=${p2}&member=${a}`)).length).toBe(5);
    expect((await flagsOf(`kind=refund_rate&severity=warning`)).length).toBe(2);
    const companyRefunds = (await flagsOf('kind=refund_rate')).find((flag) => flag.subject === 'company')!;
    const acknowledged = await server.request('POST', `/api/compliance/flags/${companyRefunds.id}/acknowledge`, { body: { note: 'Buy-back of one distributor, checked with the warehouse' } });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({ status: 'acknowledged', acknowledged: { note: 'Buy-back of one distributor, checked with the warehouse' } });
    const twice = await server.request('POST', `/api/compliance/flags/${companyRefunds.id}/acknowledge`, { body: { note: 'again' } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('COMPLIANCE_FLAG_ACKNOWLEDGED');
    expect((await server.request('POST', `/api/compliance/flags/${companyRefunds.id}/acknowledge`, { body: { note: ' ' } })).status).toBe(400);
    const audit = await sql<{ reason: string }>`SELECT reason FROM audit_log WHERE action = 'compliance.flag_acknowledged'`.execute(database.ctx.db);
    expect(audit.rows).toEqual([{ reason: 'Buy-back of one distributor, checked with the warehouse' }]);
    expect((await flagsOf('status=acknowledged')).map((flag) => flag.id)).toEqual([companyRefunds.id]);

    // At 50% neither refund rate is flagged any more: B's open flag goes, the acknowledged one stays.
    await server.request('PATCH', '/api/compliance/settings', { body: { refundRateWarnAbovePercent: 50 } });
    const rescan = await server.request('POST', `/api/compliance/periods/${p2}/scan`);
    expect(rescan.body.flags).toMatchObject({ raised: 8, added: 0, dropped: 1 });
    expect((await flagsOf('kind=refund_rate')).map((flag) => [flag.subject, flag.status])).toEqual([['company', 'acknowledged']]);
  });

  it('shows the figures without storing anything, and when the period was last scanned', async () => {
    const monitors = await server.request('GET', `/api/compliance/periods/${p2}/monitors`);
    expect(monitors.status).toBe(200);
    expect(monitors.body).toMatchObject({ wouldFlag: 8, lastScan: { by: expect.any(String) }, customerShare: { customerSharePercent: 17.78 } });
    expect((await server.request('GET', `/api/compliance/periods/${p1}/monitors`)).body.period.id).toBe(p1);
  });
});

describe('a compliance hold', () => {
  it('stops payouts, not earning, shows as a compliance hold, and only compliance staff lift it', async () => {
    await sql`UPDATE company SET minimum_payout = 100`.execute(database.ctx.db);
    await sql`UPDATE members SET pan = 'ABCDE1234F', bank_account = '123456789012', bank_ifsc = 'HDFC0001234', kyc_status = 'verified' WHERE code = ${b}`.execute(database.ctx.db);
    const held = await server.request('PUT', `/api/members/${b}/compliance-hold`, { body: { hold: 'Refund rate under review' } });
    expect(held.body).toMatchObject({ code: b, payoutHold: 'Refund rate under review', holdKind: 'compliance' });
    const wallets = await server.request('GET', '/api/payouts/wallets');
    expect(wallets.body.items.find((wallet: { code: string }) => wallet.code === b)).toMatchObject({ hold: 'compliance hold: Refund rate under review' });
    expect((await server.request('GET', '/api/compliance/holds')).body.items).toEqual([expect.objectContaining({ code: b, reason: 'Refund rate under review' })]);
    const refused = await server.request('POST', '/api/payout-batches', { body: { members: [b] } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('WALLET_ON_HOLD');

    // Payouts staff cannot lift it through the payout hold.
    await server.request('POST', '/api/users', { body: { email: 'money@samooh.test', roles: ['finance'], password: 'finance-password-42' } });
    const finance = await server.signIn('money@samooh.test', 'finance-password-42');
    const lift = await server.request('PUT', `/api/members/${b}/payout-hold`, { body: { hold: null }, as: finance });
    expect(lift.status).toBe(409);
    expect(lift.body.error.code).toBe('COMPLIANCE_HOLD_ACTIVE');
    expect((await server.request('PUT', `/api/members/${b}/compliance-hold`, { body: { hold: null }, as: finance })).status).toBe(403);

    // Earning goes on: B's earnings of the committed period 2 stand in the ledger while held.
    const earned = await sql<{ earned: number }>`SELECT o.earned FROM commission_run_members o JOIN commission_runs r ON r.id = o.run_id AND r.status = 'committed' AND r.period_id = ${p2} JOIN members m ON m.id = o.member_id WHERE m.code = ${b}`.execute(database.ctx.db);
    expect(earned.rows[0]!.earned).toBe(12500);

    const released = await server.request('PUT', `/api/members/${b}/compliance-hold`, { body: { hold: null } });
    expect(released.body).toMatchObject({ payoutHold: null, holdKind: null });
    const actions = await sql<{ action: string }>`SELECT action FROM audit_log WHERE action LIKE 'member.compliance_%' ORDER BY id`.execute(database.ctx.db);
    expect(actions.rows.map((row) => row.action)).toEqual(['member.compliance_held', 'member.compliance_released']);
  });
});

describe('the India checklist', () => {
  it('lists which checks hold, with evidence', async () => {
    // Pay A, whose KYC is verified with a bank account but who gave no PAN; B is now payable too.
    await sql`UPDATE members SET bank_account = '987654321', bank_ifsc = 'SBIN0000001', kyc_status = 'verified' WHERE code = ${a}`.execute(database.ctx.db);
    expect((await server.request('POST', '/api/payout-batches')).status).toBe(201);
    const first = await server.request('GET', '/api/compliance/india-checklist');
    const item = (id: string) => first.body.items.find((entry: { id: string }) => entry.id === id);
    expect(item('noJoiningFee')).toMatchObject({ holds: true, evidence: { enrollmentRequiresPurchase: false, starterKitsWithVolume: [], starterKits: [{ sku: 'STARTER-KIT', cv: 0, qv: 0, sold: 0 }] } });
    expect(item('kycBeforePayout')).toMatchObject({ holds: false, evidence: { payoutsWithoutKyc: 1, examples: [{ member: a, pan: false, bankAccount: true, kycStatus: 'verified' }] } });
    expect(item('coolingOffConfigured')).toMatchObject({ holds: true, evidence: { coolingOffDays: 14 } });
    expect(item('grievanceContactConfigured')).toMatchObject({ holds: false, title: 'A grievance contact is configured' });

    await server.request('PATCH', '/api/products/STARTER-KIT', { body: { cv: 5 } });
    await server.request('PATCH', '/api/compliance/settings', { body: { grievanceOfficer: 'Meera Iyer', grievanceEmail: 'grievance@example.in' } });
    const second = await server.request('GET', '/api/compliance/india-checklist', { headers: { 'accept-language': 'hi' } });
    const again = (id: string) => second.body.items.find((entry: { id: string }) => entry.id === id);
    expect(again('noJoiningFee')).toMatchObject({ holds: false, evidence: { starterKitsWithVolume: ['STARTER-KIT'] } });
    expect(again('grievanceContactConfigured')).toMatchObject({ holds: true, title: 'शिकायत संपर्क निर्धारित है' });
    expect(second.body).toMatchObject({ holds: 2, total: 4 });
  });
});
