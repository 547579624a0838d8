import { z } from 'zod';
import type { DatabaseHandle, RawSession } from '../../db/connection.ts';
import { verifyOrderTotals } from '../../db/bulk-verify.ts';
import { Currency, MAX_UNIT_PRICE } from '../../schemas/common.ts';
import type { Company } from '../company/get-company.ts';
import { companyIn } from './company-in.ts';
import { csvDateOrDateTime, csvInteger, csvVolume, optionalCell } from './csv-fields.ts';
import { RowErrors } from './import-errors.ts';
import { stageFile, type ImportProgress } from './stage-file.ts';
import { checkRows } from './staging.ts';
import { writeAuditInSession } from '../audit.ts';

/**
 * One row per order line; rows with the same order_ref form one order. The
 * informational columns written by `samooh export orders` are accepted so an
 * export can be imported elsewhere.
 */
export const ORDER_COLUMNS = {
  required: ['order_ref', 'buyer_code', 'date', 'sku', 'quantity'],
  optional: ['unit_price', 'unit_qv', 'unit_cv', 'currency', 'credited_code', 'status', 'refunded_quantity', 'amount', 'qv', 'cv'],
} as const;

const OrderLineRow = z.object({
  order_ref: z.string().trim().min(1, 'required').max(200),
  buyer_code: z.string().trim().toUpperCase().min(1, 'required'),
  date: csvDateOrDateTime,
  sku: z.string().trim().toUpperCase().min(1, 'required'),
  quantity: csvInteger(1, 10_000),
  unit_price: optionalCell(csvInteger(0, MAX_UNIT_PRICE)),
  unit_qv: optionalCell(csvVolume),
  unit_cv: optionalCell(csvVolume),
  currency: optionalCell(Currency),
  credited_code: z.string().optional(),
  status: z.string().optional(),
  refunded_quantity: z.string().optional(),
  amount: z.string().optional(),
  qv: z.string().optional(),
  cv: z.string().optional(),
});

type OrderLineCsvRow = z.output<typeof OrderLineRow>;

function createdAt(value: string, company: Company): string {
  // A date alone is noon of that day in the company's time zone: safely inside the day.
  return value.length === 10 ? `${value} 12:00:00 ${company.time_zone}` : value;
}

/**
 * Imports past orders, all or nothing. Buyers and products must exist;
 * prices, wholesale and volumes come from the catalogue unless the file gives
 * them; each order lands in the period of its date, which must still accept
 * orders (open or closed, not yet calculated).
 */
export async function importOrders(handle: DatabaseHandle, path: string, onProgress?: ImportProgress): Promise<{ orders: number; lines: number }> {
  return handle.rawTransaction(async (session) => {
    const company = await companyIn(session);
    const errors = new RowErrors();
    await stageFile(
      session,
      path,
      {
        header: ORDER_COLUMNS,
        row: OrderLineRow,
        staging: {
          name: 'import_order_lines',
          columns: [
            { name: 'line', type: 'integer' },
            { name: 'order_ref', type: 'text' },
            { name: 'buyer_code', type: 'text' },
            { name: 'created_at', type: 'timestamptz' },
            { name: 'sku', type: 'text' },
            { name: 'quantity', type: 'integer' },
            { name: 'unit_price', type: 'bigint' },
            { name: 'unit_qv', type: 'numeric' },
            { name: 'unit_cv', type: 'numeric' },
            { name: 'currency', type: 'text' },
          ],
        },
        values: (row: OrderLineCsvRow, line) => [
          line, row.order_ref, row.buyer_code, createdAt(row.date, company), row.sku, row.quantity, row.unit_price, row.unit_qv, row.unit_cv, row.currency,
        ],
      },
      errors,
      onProgress,
    );
    errors.throwIfAny(path);
    await session.exec(`
      ALTER TABLE import_order_lines ADD COLUMN business_date date;
      UPDATE import_order_lines SET business_date = (created_at AT TIME ZONE '${company.time_zone.replace(/'/g, "''")}')::date;
      CREATE INDEX ON import_order_lines (order_ref, line);
      ANALYZE import_order_lines;`);
    errors.addAll(await lineErrors(session, company.currency));
    errors.throwIfAny(path);
    onProgress?.(0, 1, 'writing');
    const result = await insertOrders(session, company);
    await writeAuditInSession(session, 'cli', { action: 'orders.imported', entity: 'order', entityId: '*', after: { file: path, ...result } });
    onProgress?.(1, 1, 'done');
    return result;
  });
}

async function lineErrors(session: RawSession, currency: string) {
  const firstLine = `(SELECT DISTINCT ON (order_ref) order_ref, line, buyer_code, business_date FROM import_order_lines ORDER BY order_ref, line)`;
  return [
    ...(await checkRows(session, `
      SELECT s.line, 'buyer_code' AS column,
             'member ' || s.buyer_code || CASE WHEN m.id IS NULL THEN ' does not exist' ELSE ' is terminated' END AS reason
        FROM import_order_lines s LEFT JOIN members m ON m.code = s.buyer_code WHERE m.id IS NULL OR m.status = 'terminated'`)),
    ...(await checkRows(session, `
      SELECT s.line, 'sku' AS column, 'product ' || s.sku || ' does not exist' AS reason
        FROM import_order_lines s LEFT JOIN products p ON p.sku = s.sku WHERE p.id IS NULL`)),
    ...(await checkRows(session, `
      SELECT s.line, 'sku' AS column, 'product ' || s.sku || ' has no price in ${currency}; give unit_price' AS reason
        FROM import_order_lines s JOIN products p ON p.sku = s.sku
        LEFT JOIN product_prices pp ON pp.product_id = p.id AND pp.currency = $1
       WHERE pp.product_id IS NULL AND s.unit_price IS NULL`, [currency])),
    ...(await checkRows(session, `
      SELECT s.line, 'currency' AS column, 'this company sells in ' || $1 || ', not ' || s.currency AS reason
        FROM import_order_lines s WHERE s.currency IS NOT NULL AND s.currency <> $1`, [currency])),
    ...(await checkRows(session, `
      SELECT s.line, CASE WHEN s.buyer_code <> f.buyer_code THEN 'buyer_code' ELSE 'date' END AS column,
             'order ' || s.order_ref || ' has another buyer or date on line ' || f.line AS reason
        FROM import_order_lines s JOIN ${firstLine} f ON f.order_ref = s.order_ref
       WHERE s.line <> f.line AND (s.buyer_code <> f.buyer_code OR s.business_date <> f.business_date)`)),
    ...(await checkRows(session, `
      SELECT f.line, 'order_ref' AS column, 'order ' || f.order_ref || ' was already imported as ' || o.number AS reason
        FROM ${firstLine} f JOIN orders o ON o.idempotency_key = 'import:' || f.order_ref`)),
    ...(await checkRows(session, `
      SELECT f.line, 'date' AS column,
             CASE WHEN p.id IS NULL THEN 'no pay period covers ' || f.business_date
                  ELSE 'the period ' || p.start_date || ' to ' || p.end_date || ' is ' || p.status || ' and takes no more orders' END AS reason
        FROM ${firstLine} f
        LEFT JOIN periods p ON f.business_date BETWEEN p.start_date AND p.end_date
       WHERE p.id IS NULL OR p.status NOT IN ('open', 'closed')`)),
  ];
}

async function insertOrders(session: RawSession, company: Company): Promise<{ orders: number; lines: number }> {
  await session.exec(`
    SET LOCAL samooh.bulk_load = 'on';
    LOCK TABLE orders IN SHARE ROW EXCLUSIVE MODE;
    CREATE TEMP TABLE import_order_ids ON COMMIT DROP AS
      SELECT order_ref, (SELECT coalesce(max(id), 0) FROM orders) + row_number() OVER (ORDER BY min(line)) AS id
        FROM import_order_lines GROUP BY order_ref;
    CREATE INDEX ON import_order_ids (order_ref);`);
  await session.query(
    `CREATE TEMP TABLE import_priced ON COMMIT DROP AS
     SELECT i.id AS order_id, s.line, row_number() OVER (PARTITION BY s.order_ref ORDER BY s.line) AS line_no,
            s.order_ref, s.created_at, s.business_date, s.quantity, b.id AS buyer_id,
            CASE WHEN b.type = 'distributor' THEN b.id ELSE b.sponsor_id END AS credited_id,
            CASE WHEN b.type = 'retail' THEN 'retail' ELSE 'distributor' END AS price_tier,
            p.id AS product_id, p.sku,
            coalesce(s.unit_price, CASE WHEN b.type = 'retail' THEN pp.retail_price ELSE pp.distributor_price END) AS unit_price,
            coalesce(pp.distributor_price, s.unit_price) AS unit_wholesale,
            coalesce(s.unit_qv, p.qv) AS unit_qv, coalesce(s.unit_cv, p.cv) AS unit_cv,
            per.id AS period_id
       FROM import_order_lines s
       JOIN import_order_ids i ON i.order_ref = s.order_ref
       JOIN members b ON b.code = s.buyer_code
       JOIN products p ON p.sku = s.sku
       LEFT JOIN product_prices pp ON pp.product_id = p.id AND pp.currency = $1
       JOIN periods per ON s.business_date BETWEEN per.start_date AND per.end_date`,
    [company.currency],
  );
  const [orders] = await session.query<{ n: number }>(
    `WITH inserted AS (
       INSERT INTO orders (id, buyer_id, credited_id, period_id, business_date, status, currency, price_tier, amount, wholesale_amount, qv, cv, idempotency_key, created_at)
       SELECT order_id, min(buyer_id), min(credited_id), min(period_id), min(business_date), 'paid', $1, min(price_tier),
              sum(unit_price * quantity), sum(unit_wholesale * quantity), sum(unit_qv * quantity), sum(unit_cv * quantity),
              'import:' || order_ref, min(created_at)
         FROM import_priced GROUP BY order_id, order_ref ORDER BY order_id
       RETURNING 1)
     SELECT count(*)::int AS n FROM inserted`,
    [company.currency],
  );
  const [lines] = await session.query<{ n: number }>(`
    WITH inserted AS (
      INSERT INTO order_lines (order_id, line_no, product_id, sku, quantity, unit_price, unit_wholesale, unit_qv, unit_cv, amount, wholesale_amount, qv, cv)
      SELECT order_id, line_no, product_id, sku, quantity, unit_price, unit_wholesale, unit_qv, unit_cv,
             unit_price * quantity, unit_wholesale * quantity, unit_qv * quantity, unit_cv * quantity
        FROM import_priced ORDER BY order_id, line_no
      RETURNING 1)
    SELECT count(*)::int AS n FROM inserted`);
  await session.exec(`SELECT setval(pg_get_serial_sequence('orders', 'id'), (SELECT max(id) FROM orders));`);
  await verifyOrderTotals(session);
  return { orders: orders?.n ?? 0, lines: lines?.n ?? 0 };
}
