import type { OrderRow } from '../../db/schema.ts';
import { parseRef } from '../refs.ts';
import { SamoohError } from '../../errors.ts';
import type { Db } from '../context.ts';

/** An order is addressed by numeric id or by order number (e.g. SO1000042). */
export type OrderRef = number | string;

export async function requireOrder(db: Db, ref: OrderRef, options: { forUpdate?: boolean } = {}): Promise<OrderRow> {
  const parsed = parseRef(ref);
  if ('none' in parsed) throw new SamoohError('ORDER_NOT_FOUND', { order: String(ref) });
  let query = db.selectFrom('orders').selectAll();
  query = 'id' in parsed ? query.where('id', '=', parsed.id) : query.where('number', '=', parsed.code);
  if (options.forUpdate) query = query.forUpdate();
  const order = await query.executeTakeFirst();
  if (!order) throw new SamoohError('ORDER_NOT_FOUND', { order: String(ref) });
  return order;
}
