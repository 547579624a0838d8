import { sql } from 'kysely';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { assertCan } from '../auth/permissions.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { requireProduct, type ProductRef } from '../products/get-product.ts';
import { requireWarehouse, type WarehouseRef } from './find-warehouse.ts';

export interface StockAdjustment {
  product: ProductRef;
  /** Units added (a receipt) or, negative, taken off (a count correction, damage). */
  change: number;
  kind: 'receipt' | 'adjustment';
  reason: string;
}

/**
 * Receives or corrects stock on hand. Taking off more than is on hand, or so
 * much that reserved orders would no longer be covered, is refused.
 */
export async function adjustStock(ctx: RequestContext, ref: WarehouseRef, input: StockAdjustment) {
  assertCan(ctx, 'stock:write');
  if (input.kind === 'receipt' && input.change <= 0) throw new SamoohError('STOCK_CHANGE_INVALID', { change: input.change });
  if (input.change === 0) throw new SamoohError('STOCK_CHANGE_INVALID', { change: input.change });
  return inTransaction(ctx, async (tx) => {
    const warehouse = await requireWarehouse(tx.db, ref);
    const product = await requireProduct(tx.db, input.product);
    await tx.db.insertInto('stock_levels').values({ warehouse_id: warehouse.id, product_id: product.id }).onConflict((oc) => oc.doNothing()).execute();
    const level = await tx.db.selectFrom('stock_levels').selectAll().where('warehouse_id', '=', warehouse.id).where('product_id', '=', product.id).forUpdate().executeTakeFirstOrThrow();
    const onHand = level.on_hand + input.change;
    if (onHand < 0 || (input.change < 0 && onHand < level.reserved && !product.allow_backorder)) {
      throw new SamoohError('STOCK_INSUFFICIENT', { product: product.sku, available: level.on_hand - level.reserved, requested: -input.change });
    }
    await tx.db.updateTable('stock_levels').set({ on_hand: onHand, updated_at: sql`now()` }).where('warehouse_id', '=', warehouse.id).where('product_id', '=', product.id).execute();
    await tx.db.insertInto('stock_movements').values({ warehouse_id: warehouse.id, product_id: product.id, kind: input.kind, on_hand_change: input.change, reason: input.reason.trim(), actor: tx.actor.label }).execute();
    await writeAudit(tx, { action: `stock.${input.kind}`, entity: 'warehouse', entityId: warehouse.id, reason: input.reason, after: { product: product.sku, change: input.change, onHand } });
    return { warehouse: warehouse.code, product: product.sku, onHand, reserved: level.reserved, available: onHand - level.reserved };
  });
}
