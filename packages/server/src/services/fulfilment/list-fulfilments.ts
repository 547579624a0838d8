import { sql } from 'kysely';
import type { FulfilmentState } from '../../db/schema.ts';
import { assertCan } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { pageOf, type Page, type PageRequest } from '../paging.ts';
import { requireWarehouse } from '../stock/find-warehouse.ts';
import { fulfilmentActions, type FulfilmentAction } from './fulfilment-lifecycle.ts';

export interface FulfilmentQueueFilter extends PageRequest {
  state?: FulfilmentState | undefined;
  /** A warehouse id or code. */
  warehouse?: string | undefined;
}

export interface FulfilmentQueueItem {
  order: string;
  businessDate: string;
  buyer: { code: string; name: string };
  state: FulfilmentState;
  actions: FulfilmentAction[];
  warehouse: { id: number; code: string; name: string } | null;
  /** Units of every line, less what was refunded. */
  units: number;
  carrier: string | null;
  trackingNumber: string | null;
  updatedAt: string;
}

/**
 * Orders in fulfilment, oldest first (the longest waiting at the top), by state and warehouse:
 * the work queue of each step. No amounts: warehouse staff see what to ship, not the money.
 */
export async function listFulfilments(ctx: RequestContext, filter: FulfilmentQueueFilter): Promise<Page<FulfilmentQueueItem>> {
  assertCan(ctx, 'orders:fulfil', 'orders:read', 'orders:pay');
  let query = ctx.db
    .selectFrom('order_fulfilments as f')
    .innerJoin('orders as o', 'o.id', 'f.order_id')
    .innerJoin('members as b', 'b.id', 'o.buyer_id')
    .leftJoin('warehouses as w', 'w.id', 'f.warehouse_id')
    .select((eb) => [
      'o.number', 'o.business_date', 'b.code as buyer_code', 'b.name as buyer_name', 'f.state', 'f.warehouse_id', 'w.code as warehouse_code', 'w.name as warehouse_name',
      'f.carrier', 'f.tracking_number', 'f.updated_at',
      sql<number>`(SELECT coalesce(sum(l.quantity - l.refunded_quantity), 0)::int FROM order_lines l WHERE l.order_id = ${eb.ref('o.id')})`.as('units'),
    ]);
  if (filter.state !== undefined) query = query.where('f.state', '=', filter.state);
  if (filter.warehouse !== undefined) query = query.where('f.warehouse_id', '=', (await requireWarehouse(ctx.db, filter.warehouse)).id);
  const rows = await query.orderBy('f.order_id').limit(filter.limit + 1).offset(filter.offset).execute();
  return pageOf(
    rows.map((row): FulfilmentQueueItem => ({
      order: row.number,
      businessDate: row.business_date,
      buyer: { code: row.buyer_code, name: row.buyer_name },
      state: row.state,
      actions: fulfilmentActions(row.state),
      warehouse: row.warehouse_id === null ? null : { id: row.warehouse_id, code: row.warehouse_code!, name: row.warehouse_name! },
      units: Number(row.units ?? 0),
      carrier: row.carrier,
      trackingNumber: row.tracking_number,
      updatedAt: new Date(row.updated_at).toISOString(),
    })),
    filter,
  );
}
