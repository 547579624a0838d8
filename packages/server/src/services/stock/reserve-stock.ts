import { sql } from 'kysely';
import type { FulfilmentState, StockMovementKind } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import type { RequestContext } from '../context.ts';
import { holdsReservation } from '../fulfilment/fulfilment-lifecycle.ts';
import { requireWarehouse, type WarehouseRef } from './find-warehouse.ts';

export interface ShippingAddress {
  name: string;
  line1: string;
  line2?: string | undefined;
  city: string;
  state: string;
  pincode: string;
  phone?: string | undefined;
}

export interface OpenFulfilmentInput {
  orderId: number;
  /** Units per product on the order. */
  lines: { product_id: number; sku: string; quantity: number }[];
  warehouse?: WarehouseRef | undefined;
  shippingAddress?: ShippingAddress | undefined;
  /** Paid on placing (the default) or awaiting payment (cash on delivery, a bank transfer). */
  awaitingPayment?: boolean | undefined;
}

/**
 * Starts an order's fulfilment inside the order's own transaction: reserves
 * its units in a warehouse and records the first state. Without any active
 * warehouse stock is not kept and nothing is reserved. With warehouses, the
 * named one (or else the first, by id, that holds every line) reserves the
 * units under row locks, so of two orders for the last unit one wins and the
 * other gets STOCK_INSUFFICIENT; a product that allows back-orders may go
 * below zero available.
 */
export async function openFulfilment(ctx: RequestContext, input: OpenFulfilmentInput): Promise<void> {
  const wanted = unitsByProduct(input.lines);
  const candidates = input.warehouse !== undefined
    ? [await requireWarehouse(ctx.db, input.warehouse)]
    : await ctx.db.selectFrom('warehouses').selectAll().where('active', '=', true).orderBy('id').execute();
  if (input.warehouse !== undefined && !candidates[0]!.active) throw new SamoohError('WAREHOUSE_INACTIVE', { warehouse: candidates[0]!.code });
  let warehouseId: number | null = null;
  if (candidates.length > 0) {
    const backorder = new Set((await ctx.db.selectFrom('products').select('id').where('id', 'in', [...wanted.keys()]).where('allow_backorder', '=', true).execute()).map((p) => p.id));
    let firstShortage: SamoohError | undefined;
    for (const warehouse of candidates) {
      const shortage = await shortageIn(ctx, warehouse.id, wanted, backorder);
      if (!shortage) { warehouseId = warehouse.id; break; }
      firstShortage ??= shortage;
    }
    if (warehouseId === null) throw firstShortage!;
    for (const [productId, { quantity }] of wanted) {
      await ctx.db.insertInto('stock_levels').values({ warehouse_id: warehouseId, product_id: productId, reserved: quantity })
        .onConflict((oc) => oc.columns(['warehouse_id', 'product_id']).doUpdateSet({ reserved: sql`stock_levels.reserved + ${quantity}`, updated_at: sql`now()` }))
        .execute();
    }
    await recordMovements(ctx, warehouseId, input.orderId, 'reserve', wanted, { reserved: 1 });
  }
  const state: FulfilmentState = input.awaitingPayment ? 'placed' : 'paid';
  await ctx.db.insertInto('order_fulfilments').values({
    order_id: input.orderId,
    warehouse_id: warehouseId,
    state,
    shipping_address: input.shippingAddress ? JSON.stringify(input.shippingAddress) : null,
    reserved: warehouseId !== null,
  }).execute();
  await ctx.db.insertInto('order_fulfilment_events').values([
    { order_id: input.orderId, from_state: null, to_state: 'placed', actor: ctx.actor.label },
    ...(state === 'paid' ? [{ order_id: input.orderId, from_state: 'placed' as const, to_state: 'paid' as const, actor: ctx.actor.label, note: 'paid on placing' }] : []),
  ]).execute();
}

/** Locks the stock rows of the wanted products in a warehouse (in product order, so two orders never deadlock) and reports the first line that does not fit. */
async function shortageIn(ctx: RequestContext, warehouseId: number, wanted: Map<number, { sku: string; quantity: number }>, backorder: Set<number>): Promise<SamoohError | undefined> {
  const levels = await ctx.db.selectFrom('stock_levels').select(['product_id', 'on_hand', 'reserved'])
    .where('warehouse_id', '=', warehouseId).where('product_id', 'in', [...wanted.keys()]).orderBy('product_id').forUpdate().execute();
  const byProduct = new Map(levels.map((level) => [level.product_id, level]));
  return firstShortage(wanted, backorder, (productId) => {
    const level = byProduct.get(productId);
    return level ? level.on_hand - level.reserved : 0;
  });
}

/** The first wanted line (in product order) that the available units do not cover, as the STOCK_INSUFFICIENT refusal; back-ordered products always fit. */
export function firstShortage(wanted: Map<number, { sku: string; quantity: number }>, backorder: Set<number>, availableOf: (productId: number) => number): SamoohError | undefined {
  for (const [productId, { sku, quantity }] of wanted) {
    if (backorder.has(productId)) continue;
    const available = availableOf(productId);
    if (available < quantity) return new SamoohError('STOCK_INSUFFICIENT', { product: sku, available: Math.max(0, available), requested: quantity });
  }
  return undefined;
}

/** Units per product (in product id order) of some order lines. */
export function unitsByProduct(lines: { product_id: number; sku: string; quantity: number }[]): Map<number, { sku: string; quantity: number }> {
  const wanted = new Map<number, { sku: string; quantity: number }>();
  for (const line of [...lines].sort((a, b) => a.product_id - b.product_id)) {
    const entry = wanted.get(line.product_id) ?? { sku: line.sku, quantity: 0 };
    entry.quantity += line.quantity;
    wanted.set(line.product_id, entry);
  }
  return wanted;
}

async function recordMovements(ctx: RequestContext, warehouseId: number, orderId: number, kind: StockMovementKind, units: Map<number, { quantity: number }>, sign: { onHand?: number; reserved?: number }, reason?: string): Promise<void> {
  if (units.size === 0) return;
  await ctx.db.insertInto('stock_movements').values([...units].map(([productId, { quantity }]) => ({
    warehouse_id: warehouseId, product_id: productId, kind, order_id: orderId, actor: ctx.actor.label, reason: reason ?? null,
    on_hand_change: (sign.onHand ?? 0) * quantity, reserved_change: (sign.reserved ?? 0) * quantity,
  }))).execute();
}

/** Units of the order still to ship: each line's quantity less what was refunded. */
export async function unitsToShip(ctx: RequestContext, orderId: number): Promise<Map<number, { sku: string; quantity: number }>> {
  const lines = await ctx.db.selectFrom('order_lines').select(['product_id', 'sku', 'quantity', 'refunded_quantity']).where('order_id', '=', orderId).execute();
  return unitsByProduct(lines.map((line) => ({ product_id: line.product_id, sku: line.sku, quantity: line.quantity - line.refunded_quantity })).filter((line) => line.quantity > 0));
}

/** Shipping takes the units off the shelf: on hand and reserved both go down. Back-ordered units not yet received cannot ship. */
export async function consumeReservation(ctx: RequestContext, orderId: number, warehouseId: number): Promise<void> {
  const units = await unitsToShip(ctx, orderId);
  for (const [productId, { sku, quantity }] of units) {
    const updated = await ctx.db.updateTable('stock_levels')
      .set({ on_hand: sql`on_hand - ${quantity}`, reserved: sql`reserved - ${quantity}`, updated_at: sql`now()` })
      .where('warehouse_id', '=', warehouseId).where('product_id', '=', productId).where('on_hand', '>=', quantity)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      const level = await ctx.db.selectFrom('stock_levels').select('on_hand').where('warehouse_id', '=', warehouseId).where('product_id', '=', productId).executeTakeFirst();
      throw new SamoohError('STOCK_NOT_ON_HAND', { product: sku, onHand: level?.on_hand ?? 0, requested: quantity });
    }
  }
  await recordMovements(ctx, warehouseId, orderId, 'ship', units, { onHand: -1, reserved: -1 });
}

/**
 * A refund's effect on stock, called from the refund's transaction: before
 * shipping the refunded units are released from the reservation; after
 * shipping, with a return, they go back on hand. When nothing is left on the
 * order, the fulfilment ends: cancelled before shipping, returned after a
 * return. Orders without a fulfilment record (imported history) are left alone.
 */
export async function stockAfterRefund(ctx: RequestContext, orderId: number, refunded: { product_id: number; sku: string; quantity: number }[], options: { restock: boolean; fullyRefunded: boolean; reason: string }): Promise<void> {
  const fulfilment = await ctx.db.selectFrom('order_fulfilments').selectAll().where('order_id', '=', orderId).forUpdate().executeTakeFirst();
  if (!fulfilment) return;
  const units = unitsByProduct(refunded);
  const beforeShipping = holdsReservation(fulfilment.state);
  if (fulfilment.warehouse_id !== null && fulfilment.reserved && beforeShipping) {
    for (const [productId, { quantity }] of units) {
      await ctx.db.updateTable('stock_levels').set({ reserved: sql`reserved - ${quantity}`, updated_at: sql`now()` })
        .where('warehouse_id', '=', fulfilment.warehouse_id).where('product_id', '=', productId).execute();
    }
    await recordMovements(ctx, fulfilment.warehouse_id, orderId, 'release', units, { reserved: -1 }, options.reason);
  } else if (fulfilment.warehouse_id !== null && options.restock && (fulfilment.state === 'shipped' || fulfilment.state === 'delivered')) {
    for (const [productId, { quantity }] of units) {
      await ctx.db.updateTable('stock_levels').set({ on_hand: sql`on_hand + ${quantity}`, updated_at: sql`now()` })
        .where('warehouse_id', '=', fulfilment.warehouse_id).where('product_id', '=', productId).execute();
    }
    await recordMovements(ctx, fulfilment.warehouse_id, orderId, 'restock', units, { onHand: 1 }, options.reason);
  }
  if (!options.fullyRefunded) return;
  const to: FulfilmentState | null = beforeShipping ? 'cancelled' : options.restock && fulfilment.state !== 'returned' ? 'returned' : null;
  if (to) await setFulfilmentState(ctx, orderId, fulfilment.state, to, options.reason, { reserved: false });
}

/** Moves the fulfilment to a new state and records the change with time and actor. */
export async function setFulfilmentState(ctx: RequestContext, orderId: number, from: FulfilmentState, to: FulfilmentState, note: string | null, changes: { carrier?: string; tracking_number?: string; reserved?: boolean } = {}): Promise<void> {
  await ctx.db.updateTable('order_fulfilments').set({ state: to, updated_at: sql`now()`, ...changes }).where('order_id', '=', orderId).execute();
  await ctx.db.insertInto('order_fulfilment_events').values({ order_id: orderId, from_state: from, to_state: to, actor: ctx.actor.label, note }).execute();
}
