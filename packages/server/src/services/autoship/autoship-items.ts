import { SamoohError } from '../../errors.ts';
import type { RequestContext } from '../context.ts';
import { requireProduct, type ProductRef } from '../products/get-product.ts';

/** Units of one product on one autoship line: at least 1, at most this. */
export const AUTOSHIP_MAX_QUANTITY = 100;
export const AUTOSHIP_MAX_ITEMS = 20;

export interface AutoshipItemInput {
  product: ProductRef;
  quantity: number;
}

/** Checks an autoship's items: every product exists and is on sale, every quantity within 1..AUTOSHIP_MAX_QUANTITY. */
export async function resolveAutoshipItems(ctx: RequestContext, items: AutoshipItemInput[]): Promise<{ productId: number; quantity: number }[]> {
  if (items.length === 0 || items.length > AUTOSHIP_MAX_ITEMS) throw new SamoohError('AUTOSHIP_ITEMS_INVALID', { max: AUTOSHIP_MAX_ITEMS });
  const resolved = [];
  for (const item of items) {
    const product = await requireProduct(ctx.db, item.product);
    if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > AUTOSHIP_MAX_QUANTITY) {
      throw new SamoohError('AUTOSHIP_QUANTITY_INVALID', { product: product.sku, quantity: item.quantity, max: AUTOSHIP_MAX_QUANTITY });
    }
    if (!product.active) throw new SamoohError('PRODUCT_INACTIVE', { product: product.sku });
    if (product.starter_kit) throw new SamoohError('AUTOSHIP_STARTER_KIT', { product: product.sku });
    resolved.push({ productId: product.id, quantity: item.quantity });
  }
  return resolved;
}

export async function writeAutoshipItems(ctx: RequestContext, autoshipId: number, items: { productId: number; quantity: number }[]): Promise<void> {
  await ctx.db.deleteFrom('autoship_items').where('autoship_id', '=', autoshipId).execute();
  await ctx.db.insertInto('autoship_items').values(items.map((item, index) => ({ autoship_id: autoshipId, line_no: index + 1, product_id: item.productId, quantity: item.quantity }))).execute();
}
