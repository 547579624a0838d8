import { assertCan } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { requireWarehouse, toWarehouseView, type WarehouseRef } from './find-warehouse.ts';

/** A warehouse's stock: on hand, reserved for orders not yet shipped, and available (on hand minus reserved). */
export async function listStock(ctx: RequestContext, ref: WarehouseRef) {
  assertCan(ctx, 'stock:read');
  const warehouse = await requireWarehouse(ctx.db, ref);
  const rows = await ctx.db
    .selectFrom('stock_levels as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select(['p.id', 'p.sku', 'p.name_en', 'p.name_hi', 'p.allow_backorder', 's.on_hand', 's.reserved', 's.updated_at'])
    .where('s.warehouse_id', '=', warehouse.id)
    .orderBy('p.sku')
    .execute();
  return {
    warehouse: toWarehouseView(warehouse),
    items: rows.map((row) => ({
      product: { id: row.id, sku: row.sku, name: { en: row.name_en, hi: row.name_hi } },
      onHand: row.on_hand,
      reserved: row.reserved,
      available: row.on_hand - row.reserved,
      allowBackorder: row.allow_backorder,
      updatedAt: row.updated_at.toISOString(),
    })),
  };
}
