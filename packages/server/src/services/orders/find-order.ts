import type { OrderRow } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import type { Db } from '../context.ts';

/** An order is addressed by numeric id or by order number (e.g. SO1000042). */
export type OrderRef = number | string;

export async function requireOrder(db: Db, ref: OrderRef, options: { forUpdate?: boolean } = {}): Promise<OrderRow> {
  let query = db.selectFrom('orders').selectAll();
  query = typeof ref === 'number' || /^\d+$/.test(ref) ? query.where('id', '=', Number(ref)) : query.where('number', '=', ref.toUpperCase());
  if (options.forUpdate) query = query.forUpdate();
  const order = await query.executeTakeFirst();
  if (!order) throw new SamoohError('ORDER_NOT_FOUND', { order: String(ref) });
  return order;
}
