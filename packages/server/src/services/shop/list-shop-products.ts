import { sql } from 'kysely';
import { getCompany } from '../company/get-company.ts';
import type { Db, RequestContext } from '../context.ts';
import { requireShop } from './find-shop.ts';

export interface ShopProduct {
  sku: string;
  name: { en: string; hi: string };
  description: { en: string; hi: string };
  currency: string;
  /** What a retail customer pays, in minor units. */
  retailPrice: number;
  /** What a preferred customer pays (the distributor price), in minor units. */
  preferredPrice: number;
  /** False when every warehouse is out of it and it cannot be back-ordered. */
  inStock: boolean;
}

/**
 * The products a shop sells: active ones with a price in the company's
 * currency, without starter kits and enrolment fees (those are for
 * distributors joining, not for customers). Public: no sign-in, and nothing
 * but what a shop window shows.
 */
export async function listShopProducts(ctx: RequestContext, code: string): Promise<{ items: ShopProduct[] }> {
  await requireShop(ctx.db, code);
  return { items: await loadShopProducts(ctx.db) };
}

/** The shop's catalogue, or the one product with this SKU when it is for sale. */
export async function loadShopProducts(db: Db, sku?: string): Promise<ShopProduct[]> {
  const company = await getCompany(db);
  const warehouses = await db.selectFrom('warehouses').select('id').where('active', '=', true).execute();
  let query = db
    .selectFrom('products as p')
    .innerJoin('product_prices as pp', (join) => join.onRef('pp.product_id', '=', 'p.id').on('pp.currency', '=', company.currency))
    .select(['p.sku', 'p.name_en', 'p.name_hi', 'p.description_en', 'p.description_hi', 'p.allow_backorder', 'pp.currency', 'pp.retail_price', 'pp.distributor_price'])
    .select(
      sql<number>`coalesce((SELECT max(s.on_hand - s.reserved) FROM stock_levels s JOIN warehouses w ON w.id = s.warehouse_id WHERE w.active AND s.product_id = p.id), 0)`.as('available'),
    )
    .where('p.active', '=', true)
    .where('p.starter_kit', '=', false)
    .where('p.enrollment_fee', '=', false);
  if (sku !== undefined) query = query.where('p.sku', '=', sku.trim().toUpperCase());
  const rows = await query.orderBy('p.name_en').orderBy('p.sku').execute();
  return rows.map((row) => ({
    sku: row.sku,
    name: { en: row.name_en, hi: row.name_hi },
    description: { en: row.description_en, hi: row.description_hi },
    currency: row.currency,
    retailPrice: row.retail_price,
    preferredPrice: row.distributor_price,
    inStock: warehouses.length === 0 || row.allow_backorder || Number(row.available) > 0,
  }));
}
