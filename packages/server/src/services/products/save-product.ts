import { assertCan } from '../auth/permissions.ts';
import { isUniqueViolation, SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { getProduct, requireProduct, type ProductRef } from './get-product.ts';
import type { ProductPrice } from './product-view.ts';
import { productTaxColumns, type ProductTaxInput } from '../tax/product-tax.ts';

export interface ProductInput extends ProductTaxInput {
  sku: string;
  name: { en: string; hi: string };
  description?: { en?: string; hi?: string };
  /** Required, except for a starter kit or an enrollment item, which default to no volume. */
  qv?: number | undefined;
  cv?: number | undefined;
  starterKit?: boolean;
  enrollmentFee?: boolean;
  /** May be sold beyond its stock (docs/commerce.md). */
  allowBackorder?: boolean;
  prices: ProductPrice[];
}

export type ProductChanges = Partial<Omit<ProductInput, 'name'>> & { name?: { en?: string; hi?: string }; active?: boolean };

function assertPrices(prices: ProductPrice[]): void {
  for (const price of prices) {
    if (price.distributorPrice > price.retailPrice) throw new SamoohError('PRICE_INVALID', { currency: price.currency });
  }
}

async function upsertPrices(ctx: RequestContext, productId: number, prices: ProductPrice[]): Promise<void> {
  for (const price of prices) {
    await ctx.db
      .insertInto('product_prices')
      .values({ product_id: productId, currency: price.currency, retail_price: price.retailPrice, distributor_price: price.distributorPrice })
      .onConflict((oc) => oc.columns(['product_id', 'currency']).doUpdateSet({ retail_price: price.retailPrice, distributor_price: price.distributorPrice }))
      .execute();
  }
}

function skuTaken(error: unknown, sku: string | undefined): never {
  if (isUniqueViolation(error, 'products_sku_key')) throw new SamoohError('SKU_TAKEN', { sku: sku ?? '' });
  throw error;
}

/** A starter kit and an enrollment fee are two different things a catalogue item may stand for, never both. */
function assertKind(sku: string, starterKit: boolean, enrollmentFee: boolean): void {
  if (starterKit && enrollmentFee) throw new SamoohError('PRODUCT_KIND_CONFLICT', { product: sku });
}

export async function createProduct(ctx: RequestContext, input: ProductInput) {
  assertCan(ctx, 'products:write');
  assertPrices(input.prices);
  assertKind(input.sku.toUpperCase(), input.starterKit ?? false, input.enrollmentFee ?? false);
  // A starter kit (or an enrollment item) carries no volume unless it is given some: joining must not pay anyone.
  const forJoining = (input.starterKit ?? false) || (input.enrollmentFee ?? false);
  if (!forJoining && (input.qv === undefined || input.cv === undefined)) throw new SamoohError('PRODUCT_VOLUME_REQUIRED', { product: input.sku.toUpperCase() });
  const tax = productTaxColumns(input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const { id } = await tx.db
        .insertInto('products')
        .values({
          sku: input.sku.toUpperCase(),
          name_en: input.name.en,
          name_hi: input.name.hi,
          description_en: input.description?.en ?? '',
          description_hi: input.description?.hi ?? '',
          qv: input.qv ?? 0,
          cv: input.cv ?? 0,
          starter_kit: input.starterKit ?? false,
          enrollment_fee: input.enrollmentFee ?? false,
          ...tax,
          allow_backorder: input.allowBackorder ?? false,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await upsertPrices(tx, id, input.prices);
      const product = await getProduct(tx, id);
      await writeAudit(tx, { action: 'product.created', entity: 'product', entityId: id, after: product });
      return product;
    });
  } catch (error) {
    return skuTaken(error, input.sku.toUpperCase());
  }
}

/** Changes a product. Orders already placed keep the prices and volumes they copied. */
export async function updateProduct(ctx: RequestContext, ref: ProductRef, changes: ProductChanges) {
  assertCan(ctx, 'products:write');
  if (changes.prices) assertPrices(changes.prices);
  const tax = productTaxColumns(changes);
  try {
    return await inTransaction(ctx, async (tx) => {
      const existing = await requireProduct(tx.db, ref);
      assertKind(existing.sku, changes.starterKit ?? existing.starter_kit, changes.enrollmentFee ?? existing.enrollment_fee);
      const before = await getProduct(tx, existing.id);
      const set = {
        ...(changes.sku !== undefined && { sku: changes.sku.toUpperCase() }),
        ...(changes.name?.en !== undefined && { name_en: changes.name.en }),
        ...(changes.name?.hi !== undefined && { name_hi: changes.name.hi }),
        ...(changes.description?.en !== undefined && { description_en: changes.description.en }),
        ...(changes.description?.hi !== undefined && { description_hi: changes.description.hi }),
        ...(changes.qv !== undefined && { qv: changes.qv }),
        ...(changes.cv !== undefined && { cv: changes.cv }),
        ...(changes.starterKit !== undefined && { starter_kit: changes.starterKit }),
        ...(changes.enrollmentFee !== undefined && { enrollment_fee: changes.enrollmentFee }),
        ...(changes.active !== undefined && { active: changes.active }),
        ...tax,
        ...(changes.allowBackorder !== undefined && { allow_backorder: changes.allowBackorder }),
      };
      await tx.db.updateTable('products').set({ ...set, updated_at: new Date() }).where('id', '=', existing.id).execute();
      if (changes.prices) await upsertPrices(tx, existing.id, changes.prices);
      const after = await getProduct(tx, existing.id);
      await writeAudit(tx, { action: changes.active === false ? 'product.deactivated' : 'product.updated', entity: 'product', entityId: existing.id, before, after });
      return after;
    });
  } catch (error) {
    return skuTaken(error, changes.sku?.toUpperCase());
  }
}

/** Takes a product off sale; it stays on every order that has it. */
export function deactivateProduct(ctx: RequestContext, ref: ProductRef) {
  return updateProduct(ctx, ref, { active: false });
}
