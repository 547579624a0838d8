import { assertCan } from '../auth/permissions.ts';
import type { ProductRow } from '../../db/schema.ts';
import { parseRef } from '../refs.ts';
import { SamoohError } from '../../errors.ts';
import type { Db, RequestContext } from '../context.ts';
import { toProductView, type ProductPrice, type ProductView } from './product-view.ts';

/** A product is addressed by numeric id or SKU. */
export type ProductRef = number | string;

export async function requireProduct(db: Db, ref: ProductRef): Promise<ProductRow> {
  const parsed = parseRef(ref);
  if ('none' in parsed) throw new SamoohError('PRODUCT_NOT_FOUND', { product: String(ref) });
  let query = db.selectFrom('products').selectAll();
  query = 'id' in parsed ? query.where('id', '=', parsed.id) : query.where('sku', '=', parsed.code);
  const product = await query.executeTakeFirst();
  if (!product) throw new SamoohError('PRODUCT_NOT_FOUND', { product: String(ref) });
  return product;
}

export async function pricesOf(db: Db, productIds: number[]): Promise<Map<number, ProductPrice[]>> {
  const byProduct = new Map<number, ProductPrice[]>();
  if (productIds.length === 0) return byProduct;
  const rows = await db.selectFrom('product_prices').selectAll().where('product_id', 'in', productIds).execute();
  for (const row of rows) {
    const list = byProduct.get(row.product_id) ?? [];
    list.push({ currency: row.currency, retailPrice: row.retail_price, distributorPrice: row.distributor_price });
    byProduct.set(row.product_id, list);
  }
  return byProduct;
}

export async function getProduct(ctx: RequestContext, ref: ProductRef): Promise<ProductView> {
  assertCan(ctx, 'products:read');
  const product = await requireProduct(ctx.db, ref);
  const prices = await pricesOf(ctx.db, [product.id]);
  return toProductView(product, prices.get(product.id) ?? []);
}
