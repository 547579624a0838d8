import { SamoohError } from '../../errors.ts';
import type { RequestContext } from '../context.ts';
import { requireShop } from './find-shop.ts';
import { loadShopProducts, type ShopProduct } from './list-shop-products.ts';

type Both = { en: string; hi: string };

export interface ShopProductDetail extends ShopProduct {
  usage: Both;
  ingredients: Both;
  certifications: string[];
  faq: { question: Both; answer: Both }[];
}

/** One product of a shop with what the product library says about it (usage, ingredients, certifications, questions). */
export async function getShopProduct(ctx: RequestContext, code: string, sku: string): Promise<ShopProductDetail> {
  await requireShop(ctx.db, code);
  const [product] = await loadShopProducts(ctx.db, sku);
  if (!product) throw new SamoohError('SHOP_PRODUCT_NOT_FOUND', { product: sku.trim().toUpperCase() });
  const knowledge = await ctx.db
    .selectFrom('product_knowledge as k')
    .innerJoin('products as p', 'p.id', 'k.product_id')
    .selectAll('k')
    .where('p.sku', '=', product.sku)
    .executeTakeFirst();
  return {
    ...product,
    usage: { en: knowledge?.usage_en ?? '', hi: knowledge?.usage_hi ?? '' },
    ingredients: { en: knowledge?.ingredients_en ?? '', hi: knowledge?.ingredients_hi ?? '' },
    certifications: knowledge?.certifications ?? [],
    faq: knowledge?.faq ?? [],
  };
}
