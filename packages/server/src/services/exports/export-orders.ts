import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import { ORDER_COLUMNS } from '../imports/import-orders.ts';
import { exportInBatches } from './export-in-batches.ts';

/** A period is named by its id or its first month, e.g. 2026-11. */
export async function findPeriod(db: Kysely<Database>, ref: string) {
  const query = db.selectFrom('periods').selectAll();
  const period = /^\d+$/.test(ref)
    ? await query.where('id', '=', Number(ref)).executeTakeFirst()
    : /^\d{4}-\d{2}$/.test(ref)
      ? await query.where('start_date', '=', `${ref}-01`).executeTakeFirst()
      : undefined;
  if (!period) throw new SamoohError('PERIOD_NOT_FOUND', { period: ref });
  return period;
}

/** Writes one CSV row per order line of a period, in the import format plus informational columns. */
export async function exportOrders(db: Kysely<Database>, periodRef: string, path: string, options: { onProgress?: (done: number) => void } = {}) {
  const period = await findPeriod(db, periodRef);
  const written = await exportInBatches(
    db,
    path,
    {
      columns: [...ORDER_COLUMNS.required, ...ORDER_COLUMNS.optional],
      fetch: (tx, after, limit) =>
        tx
          .selectFrom('order_lines as l')
          .innerJoin('orders as o', 'o.id', 'l.order_id')
          .innerJoin('members as b', 'b.id', 'o.buyer_id')
          .innerJoin('members as c', 'c.id', 'o.credited_id')
          .select(['l.id', 'o.number', 'b.code as buyer_code', 'o.created_at', 'l.sku', 'l.quantity', 'l.unit_price', 'l.unit_qv', 'l.unit_cv', 'o.currency', 'c.code as credited_code', 'o.status', 'l.refunded_quantity', 'l.amount', 'l.qv', 'l.cv'])
          .where('o.period_id', '=', period.id)
          .where('l.id', '>', after)
          .orderBy('l.id')
          .limit(limit)
          .execute(),
      toCsv: (row) => [
        row.number, row.buyer_code, row.created_at.toISOString(), row.sku, row.quantity, row.unit_price, row.unit_qv, row.unit_cv,
        row.currency, row.credited_code, row.status, row.refunded_quantity, row.amount, row.qv, row.cv,
      ],
    },
    options.onProgress,
  );
  return { period: { id: period.id, start: period.start_date, end: period.end_date }, written };
}
