import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyOrderTotals } from '../../src/db/bulk-verify.ts';
import type { RawSession } from '../../src/db/connection.ts';
import { DEMO_CATALOG } from '../../src/services/demo/catalog.ts';
import { expectGenealogyConsistent } from '../support/genealogy-oracle.ts';
import { seedDemo, type SeedDemoOptions, type SeedDemoResult } from '../../src/services/demo/seed-demo.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { calculatePeriod } from '../../src/services/commissions/calculate-period.ts';
import { getRunView } from '../../src/services/commissions/run-view.ts';
import { SYSTEM_ACTOR } from '../../src/services/context.ts';
import { refreshProjections } from '../../src/services/projections/refresh-projections.ts';

const UNTIL = '2025-03-15';
const OPTIONS: SeedDemoOptions = { members: 500, months: 3, seed: 42, until: UNTIL };
const TABLES = ['company', 'members', 'products', 'product_prices', 'periods', 'orders', 'order_lines', 'refunds', 'refund_lines', 'audit_log'];
/** Everything the seed decides; the audit entry carries the time of seeding and is left out. */
const SEEDED_TABLES = TABLES.filter((table) => table !== 'audit_log');

async function one<R>(database: TestDatabase, query: string): Promise<R> {
  const { rows } = await sql.raw<R>(query).execute(database.handle.db);
  return rows[0]!;
}

async function countRows(database: TestDatabase): Promise<Record<string, number>> {
  const counts = await one<Record<string, number>>(database, `SELECT ${TABLES.map((table) => `(SELECT count(*)::int FROM ${table}) AS ${table}`).join(', ')}`);
  return { ...counts };
}

/** A fingerprint of a table's rows, independent of the order they are read in. */
async function tableHash(database: TestDatabase, table: string): Promise<string> {
  const row = await one<{ hash: string }>(database, `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS hash FROM ${table} t`);
  return row.hash;
}

describe('seedDemo', () => {
  let database: TestDatabase;
  let result: SeedDemoResult;
  const stages = new Set<string>();

  beforeAll(async () => {
    database = await createTestDatabase();
    result = await seedDemo(database.handle, { ...OPTIONS, onProgress: (_done, _total, stage) => stages.add(stage) });
  });
  afterAll(() => database?.drop());

  it('fills the genealogy index of both trees as enrollments would', async () => {
    await expectGenealogyConsistent(database.handle.db);
  });

  it('writes the company and the rows it reports', async () => {
    expect(result.members).toBe(500);
    expect(result.periods).toBe(3);
    expect(result.orders).toBeGreaterThan(500);
    expect(result.refunds).toBeGreaterThan(0);
    expect(await countRows(database)).toEqual({
      company: 1,
      members: 500,
      products: DEMO_CATALOG.length,
      product_prices: DEMO_CATALOG.length,
      periods: 3,
      orders: result.orders,
      order_lines: expect.any(Number),
      refunds: result.refunds,
      refund_lines: expect.any(Number),
      audit_log: 1,
    });
    const company = await one<{ name: string; currency: string; time_zone: string; placement_tree: string }>(database, 'SELECT * FROM company');
    expect(company).toMatchObject({ name: 'Aarogya Naturals Pvt Ltd', currency: 'INR', time_zone: 'Asia/Kolkata', placement_tree: 'binary' });
    const audit = await one<{ action: string; after: Record<string, unknown> }>(database, 'SELECT action, after FROM audit_log');
    expect(audit).toMatchObject({ action: 'demo.seeded', after: { ...result, seed: 42, until: UNTIL } });
    expect(stages).toEqual(new Set(['members', 'orders', 'checking']));
  });

  it('gives the root member id 1 and code SM100001, and later members codes in id order', async () => {
    const root = await one<{ id: number; code: string; sponsor_id: number | null; type: string }>(database, 'SELECT * FROM members WHERE id = 1');
    expect(root).toMatchObject({ code: 'SM100001', sponsor_id: null, type: 'distributor' });
    const misnumbered = await one<{ n: number }>(database, "SELECT count(*)::int AS n FROM members WHERE code <> 'SM' || (100000 + id)");
    expect(misnumbered.n).toBe(0);
  });

  it('passes the per-row total triggers when every order and refund is touched without bulk loading', async () => {
    await database.handle.rawTransaction(async (session: RawSession) => {
      await session.query('UPDATE orders SET amount = amount');
      await session.query('UPDATE refunds SET amount = amount');
    });
  });

  it('has verifyOrderTotals refuse a bulk load whose order totals differ from their lines', async () => {
    const corrupt = database.handle.rawTransaction(async (session) => {
      await session.exec("SET LOCAL samooh.bulk_load = 'on'; UPDATE orders SET amount = amount + 1 WHERE id = 2");
      await verifyOrderTotals(session);
    });
    await expect(corrupt).rejects.toThrow(/totals differ from the sum of their lines: order 2$/);
  });

  it('keeps refunds, refunded amounts, statuses and line quantities consistent', async () => {
    const offenders = await one<{ amounts: number; quantities: number; statuses: number }>(
      database,
      `SELECT
         (SELECT count(*)::int FROM orders o
           WHERE o.refunded_amount <> (SELECT coalesce(sum(r.amount), 0) FROM refunds r WHERE r.order_id = o.id)) AS amounts,
         (SELECT count(*)::int FROM order_lines l
           WHERE l.refunded_quantity <> (SELECT coalesce(sum(rl.quantity), 0) FROM refund_lines rl WHERE rl.order_line_id = l.id)) AS quantities,
         (SELECT count(*)::int FROM orders o
           WHERE o.status <> CASE
             WHEN o.refunded_amount = 0 THEN 'paid'
             WHEN NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.refunded_quantity < l.quantity) THEN 'refunded'
             ELSE 'partially_refunded' END) AS statuses`,
    );
    expect(offenders).toEqual({ amounts: 0, quantities: 0, statuses: 0 });
  });

  it('has monthly periods, the earlier closed and the last open and covering `until`', async () => {
    const periods = await database.handle.db.selectFrom('periods').select(['id', 'start_date', 'end_date', 'status']).orderBy('id').execute();
    expect(periods).toEqual([
      { id: 1, start_date: '2025-01-01', end_date: '2025-01-31', status: 'closed' },
      { id: 2, start_date: '2025-02-01', end_date: '2025-02-28', status: 'closed' },
      { id: 3, start_date: '2025-03-01', end_date: '2025-03-31', status: 'open' },
    ]);
  });

  it('dates orders in their period, on the Indian date of their creation, after the buyer joined and by `until`', async () => {
    const offenders = await one<{ n: number }>(
      database,
      `SELECT count(*)::int AS n FROM orders o
         JOIN periods p ON p.id = o.period_id
         JOIN members m ON m.id = o.buyer_id
        WHERE o.business_date NOT BETWEEN p.start_date AND p.end_date
           OR (o.created_at AT TIME ZONE 'Asia/Kolkata')::date <> o.business_date
           OR o.created_at <= m.joined_at
           OR o.business_date > '${UNTIL}'::date`,
    );
    expect(offenders.n).toBe(0);
  });

  it('puts each refund in the period open on the day it was made', async () => {
    const offenders = await one<{ n: number }>(
      database,
      `SELECT count(*)::int AS n FROM refunds r
         JOIN periods p ON p.id = r.period_id
         JOIN orders o ON o.id = r.order_id
        WHERE (r.created_at AT TIME ZONE 'Asia/Kolkata')::date NOT BETWEEN p.start_date AND p.end_date
           OR r.created_at <= o.created_at`,
    );
    expect(offenders.n).toBe(0);
  });

  it('moves the id and number sequences past the seeded rows', async () => {
    const next = await one<{ member: number; code: number; order: number; number: number; line: number; lines: number }>(
      database,
      `SELECT nextval(pg_get_serial_sequence('members', 'id'))::int AS member, nextval('member_code_seq')::int AS code,
              nextval(pg_get_serial_sequence('orders', 'id'))::int AS order, nextval('order_number_seq')::int AS number,
              nextval(pg_get_serial_sequence('order_lines', 'id'))::int AS line, (SELECT max(id)::int FROM order_lines) AS lines`,
    );
    expect(next).toMatchObject({ member: 501, code: 100501, order: result.orders + 1, number: 1_000_001 + result.orders });
    expect(next.line).toBe(next.lines + 1);
  });

  it('gives the same rows for the same seed in another database', async () => {
    const twin = await createTestDatabase();
    try {
      await seedDemo(twin.handle, OPTIONS);
      for (const table of SEEDED_TABLES) expect(await tableHash(twin, table), table).toBe(await tableHash(database, table));
    } finally {
      await twin.drop();
    }
  });

  it('comes with a plan, so the first closed period calculates and the open one projects', async () => {
    const [first] = await database.handle.db.selectFrom('periods').select(['id', 'status']).orderBy('start_date').limit(1).execute();
    expect(first!.status).toBe('closed');
    const { runId } = await calculatePeriod(database.handle, SYSTEM_ACTOR, first!.id);
    const run = await getRunView(database.handle.db, runId);
    expect(run.totals.paid).toBeGreaterThan(0);
    const lines = await database.handle.db.selectFrom('commission_lines').select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.sum<number>('amount').as('sum')]).where('run_id', '=', runId).executeTakeFirstOrThrow();
    expect([Number(lines.count), Number(lines.sum)]).toEqual([run.totals.lines, run.totals.paid]);
    const refreshed = await refreshProjections(database.handle);
    expect(refreshed!.members).toBeGreaterThan(50);
  });

  it('refuses to seed a database that already has a company, and writes nothing', async () => {
    const before = await countRows(database);
    await expect(seedDemo(database.handle, { ...OPTIONS, seed: 7 })).rejects.toThrow(/already has a company/);
    expect(await countRows(database)).toEqual(before);
  });
});

describe('seedDemo failing halfway', () => {
  it('leaves nothing behind', async () => {
    const database = await createTestDatabase();
    try {
      // A product already holding a demo SKU makes the seed fail after the company and members are in.
      await database.handle.exec(`INSERT INTO products (sku, name_en, name_hi, qv, cv) VALUES ('${DEMO_CATALOG[0]!.sku}', 'Taken', 'लिया गया', 1, 1)`);
      await expect(seedDemo(database.handle, OPTIONS)).rejects.toThrow();
      const counts = await countRows(database);
      expect(counts).toMatchObject({ company: 0, members: 0, products: 1, periods: 0, orders: 0, audit_log: 0 });
    } finally {
      await database.drop();
    }
  });
});
