import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incomeDisclosure } from '../../src/services/compliance/income-disclosure.ts';
import { enrollMember } from '../../src/services/members/enroll-member.ts';
import { terminateMember } from '../../src/services/network/terminate-member.ts';
import { placeOrder } from '../../src/services/orders/place-order.ts';
import { refundOrder } from '../../src/services/orders/refund-order.ts';
import { changePeriodStatus } from '../../src/services/periods/periods.ts';
import { closedMonthWithOrders, commitPeriod } from '../commissions/support.ts';
import { RANKED_PLAN } from './support.ts';
import { startServer, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
let server: TestServer;
let company: Awaited<ReturnType<typeof closedMonthWithOrders>>;
let codes: { a: string; b: string; d: string; e: string; f: string };
let p1: number;
let p2: number;

const commit = (periodId: number) => commitPeriod(database, periodId);

/**
 * The network, as SM1 (the company's root) ← A ← B ← C (B's retail customer), plus D (A's recruit),
 * E (SM1's recruit, terminated in the second period) and F (SM1's recruit, joined in the second period).
 *
 * Period 1 (last month), orders: B 2 × Tulsi (QV 40, CV 37), C a Neem Soap at retail (₹120, distributor
 * price ₹95; QV 5, CV 4, credited to B), A 1 × Tulsi (QV 20, CV 18.5). Pay: retail ₹25 = 2500 to B;
 * unilevel on CV (1 CV = 100 paise): B's 37 → A 10% = 370, SM1 5% = 185; C's 4 → A 40, SM1 20;
 * A's 18.5 → SM1 10% = 185. So A 410, B 2500, SM1 390, D and E nothing.
 * PV: A 20, B 40 + 5 = 45; GV of A = 20 + 45 = 65. Ranks: A silver (pv 20, gv 65 ≥ 60), B bronze
 * (pv 45, gv 45 < 60). Active (PV ≥ 20): A and B.
 *
 * Period 2 (this month), orders: D 1 × Tulsi (QV 20, CV 18.5) → A 10% = 185, SM1 5% = 92.5 → 93 (half-up);
 * B 1 × Neem Soap at the distributor price (QV 5, CV 4) → A 40, SM1 20. B's period 1 order is refunded
 * in full: clawbacks A −370, SM1 −185. So A 185 + 40 − 370 = −145, SM1 93 + 20 − 185 = −72, B, D, F 0.
 * PV: D 20 → bronze and active; A (PV 0) and B (PV 5) hold no rank.
 */
beforeAll(async () => {
  database = await createTestDatabase();
  company = await closedMonthWithOrders(database.ctx, RANKED_PLAN);
  p1 = company.period.id;
  p2 = company.next.id;
  const d = await enrollMember(database.ctx, { name: 'Deepa', type: 'distributor', sponsor: company.members.a.code });
  const e = await enrollMember(database.ctx, { name: 'Eshan', type: 'distributor', sponsor: 'SM1' });
  // D and E joined last month, like the others.
  await sql`UPDATE members SET joined_at = joined_at - interval '1 month' WHERE id IN (${d.id}, ${e.id})`.execute(database.ctx.db);
  await commit(p1);
  const f = await enrollMember(database.ctx, { name: 'Farah', type: 'distributor', sponsor: 'SM1' });
  await terminateMember(database.ctx, e.code, { reason: 'Left the business' });
  await placeOrder(database.ctx, { buyer: d.code, items: [{ product: 'TULSI-60', quantity: 1 }] });
  await placeOrder(database.ctx, { buyer: company.members.b.code, items: [{ product: 'NEEM-SOAP', quantity: 1 }] });
  await refundOrder(database.ctx, company.orders.b.number, { reason: 'Returned unopened' });
  await changePeriodStatus(database.ctx, p2, 'close');
  await commit(p2);
  codes = { a: company.members.a.code, b: company.members.b.code, d: d.code, e: e.code, f: f.code };
  server = await startServer(database.handle);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await database.drop();
});

describe('the income disclosure statement', () => {
  it('agrees with the hand-computed gross of every member, period by period', async () => {
    const { rows } = await sql<{ code: string; period: number; gross: number }>`
      SELECT m.code, r.period_id AS period, sum(l.amount)::bigint AS gross
        FROM commission_lines l JOIN commission_runs r ON r.id = l.run_id AND r.status = 'committed' JOIN members m ON m.id = l.payee_id
       GROUP BY m.code, r.period_id`.execute(database.ctx.db);
    const byPeriod = (id: number) => Object.fromEntries(rows.filter((row) => row.period === id).map((row) => [row.code, row.gross]));
    expect(byPeriod(p1)).toEqual({ SM1: 390, [codes.a]: 410, [codes.b]: 2500 });
    expect(byPeriod(p2)).toEqual({ SM1: -72, [codes.a]: -145 });
  });

  it('counts every participant over both periods, by the highest paid-as rank, with every figure', async () => {
    const disclosure = await incomeDisclosure(database.ctx, p1, p2);
    // Participants: A, B, D, F. Not SM1 (the root), C (a customer), E (terminated in period 2).
    // Gross over the range: A 410 − 145 = 265, B 2500, D 0, F 0 → D and F earned nothing: 2 of 4 = 50%.
    expect(disclosure).toMatchObject({ participants: 4, earnedNothing: 2, earnedNothingPercent: 50, activeParticipants: 3, currency: 'INR' });
    expect(disclosure.range.periods.map((period) => period.id)).toEqual([p1, p2]);
    expect(disclosure.activity).toEqual([{ planId: 'test-ranked', version: 1, minPV: 20 }]);
    // All participants, sorted: 0, 0, 265, 2500. Mean 2765 / 4 = 691.25 → 691. Median (0 + 265) / 2 = 132.5 → 133.
    // Nearest rank: p10 ⌈0.4⌉ = 1st → 0; p25 ⌈1⌉ = 1st → 0; p75 ⌈3⌉ = 3rd → 265; p90 ⌈3.6⌉ = 4th → 2500.
    expect(disclosure.company).toEqual({ count: 4, earnedNothing: 2, total: 2765, mean: 691, median: 133, percentiles: { p10: 0, p25: 0, p75: 265, p90: 2500 }, minimum: 0, maximum: 2500 });
    // Highest paid-as rank in the range: A silver (period 1), B bronze (period 1), D bronze (period 2), F none.
    expect(disclosure.byRank).toEqual([
      { rank: null, count: 1, sharePercent: 25, earnedNothing: 1, earnedNothingPercent: 100, total: 0, mean: 0, median: 0, percentiles: { p10: 0, p25: 0, p75: 0, p90: 0 }, minimum: 0, maximum: 0 },
      // Bronze: 0, 2500. Mean and median 1250; p10 ⌈0.2⌉ and p25 ⌈0.5⌉ → 1st = 0; p75 ⌈1.5⌉ and p90 ⌈1.8⌉ → 2nd = 2500.
      { rank: 'bronze', count: 2, sharePercent: 50, earnedNothing: 1, earnedNothingPercent: 50, total: 2500, mean: 1250, median: 1250, percentiles: { p10: 0, p25: 0, p75: 2500, p90: 2500 }, minimum: 0, maximum: 2500 },
      { rank: 'silver', count: 1, sharePercent: 25, earnedNothing: 0, earnedNothingPercent: 0, total: 265, mean: 265, median: 265, percentiles: { p10: 265, p25: 265, p75: 265, p90: 265 }, minimum: 265, maximum: 265 },
    ]);
    // Everything committed: 3300 in period 1 plus (−145 − 72) in period 2 = 3083; SM1's 390 − 72 = 318 went outside the participants.
    expect(disclosure.totals).toEqual({ committedGross: 3083, participantsGross: 2765, outsideParticipants: { members: 1, gross: 318 } });
    expect(disclosure.definitions.expenses).toMatch(/not modelled/);
    expect(disclosure.definitions.percentiles).toMatch(/nearest rank/);
  });

  it('counts the terminated member in the first period alone, and not the member who joined later', async () => {
    const disclosure = await incomeDisclosure(database.ctx, p1, p1);
    // A 410, B 2500, D 0, E 0 (E was terminated only in period 2; F joined in period 2).
    expect(disclosure).toMatchObject({ participants: 4, earnedNothing: 2, activeParticipants: 2 });
    expect(disclosure.company).toMatchObject({ total: 2910, minimum: 0, maximum: 2500, median: 205, mean: 728 }); // (0 + 410) / 2; 2910 / 4 = 727.5 → 728
    expect(disclosure.byRank.map((group) => [group.rank, group.count])).toEqual([[null, 2], ['bronze', 1], ['silver', 1]]);
  });

  it('counts a clawback against earnings: in the second period alone every participant earned nothing', async () => {
    const disclosure = await incomeDisclosure(database.ctx, p2, p2);
    // A −145, B 0, D 0, F 0: mean −145 / 4 = −36.25 → −36; p10 is the 1st of −145, 0, 0, 0.
    expect(disclosure).toMatchObject({ participants: 4, earnedNothing: 4, earnedNothingPercent: 100, activeParticipants: 1 });
    expect(disclosure.company).toMatchObject({ total: -145, mean: -36, median: 0, minimum: -145, maximum: 0, percentiles: { p10: -145, p25: -145, p75: 0, p90: 0 } });
    expect(disclosure.byRank.map((group) => [group.rank, group.count])).toEqual([[null, 3], ['bronze', 1]]);
  });

  it('is served as JSON, as CSV and as a printable page in English and Hindi', async () => {
    const json = await server.request('GET', `/api/compliance/income-disclosure?from=${p1}&to=${p2}`);
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ participants: 4, company: { median: 133 } });

    const csv = await server.request('GET', `/api/compliance/income-disclosure.csv?from=${p1}&to=${p2}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const rows = parse(csv.text as string, { relax_column_count: true }) as string[][];
    expect(rows.find((row) => row[0] === 'Participants')).toEqual(['Participants', '4']);
    expect(rows.find((row) => row[0] === 'bronze')).toEqual(['bronze', '2', '50%', '1', '1250', '1250', '0', '0', '2500', '2500', '0', '2500', '2500']);
    expect(rows.find((row) => row[0] === 'All participants')).toEqual(['All participants', '4', '100%', '2', '133', '691', '0', '0', '265', '2500', '0', '2500', '2765']);

    const html = await server.request('GET', `/api/compliance/income-disclosure.html?from=${p1}&to=${p2}`);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.text).toContain('Income disclosure statement');
    expect(html.text).toContain('₹1.33'); // the median of all participants
    expect(html.text).toContain('Expenses are not modelled');
    expect(html.text).not.toMatch(/<script/i);
    const hindi = await server.request('GET', `/api/compliance/income-disclosure.html?from=${p1}&to=${p2}`, { headers: { 'accept-language': 'hi' } });
    expect(hindi.text).toContain('आय प्रकटीकरण विवरण');
    expect(hindi.text).toContain('खर्च शामिल नहीं हैं');
    expect(hindi.text).toContain('lang="hi"');
  });

  it('refuses an unknown period, a backward range and a period not yet committed, with coded errors', async () => {
    const unknown = await server.request('GET', '/api/compliance/income-disclosure?from=999999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('PERIOD_NOT_FOUND');
    const backwards = await server.request('GET', `/api/compliance/income-disclosure?from=${p2}&to=${p1}`);
    expect(backwards.status).toBe(422);
    expect(backwards.body.error.code).toBe('PERIOD_RANGE_INVALID');
    const open = (await server.request('POST', '/api/periods')).body.id as number;
    const uncommitted = await server.request('GET', `/api/compliance/income-disclosure?from=${p1}&to=${open}`);
    expect(uncommitted.status).toBe(422);
    expect(uncommitted.body.error).toMatchObject({ code: 'PERIODS_NOT_COMMITTED', details: { periods: [{ id: open, status: 'open' }] } });
    const bad = await server.request('GET', '/api/compliance/income-disclosure?from=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});
