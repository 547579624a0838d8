import { assertCan } from '../auth/permissions.ts';
import { writeAudit } from '../audit.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { requireProduct } from './get-product.ts';

type Both = { en: string; hi: string };

export interface ProductKnowledge {
  productId: number;
  sku: string;
  usage: Both;
  ingredients: Both;
  certifications: string[];
  faq: { question: Both; answer: Both }[];
}

/** What a distributor needs to tell a customer correctly: usage, ingredients, certifications, questions and answers. */
export async function getProductKnowledge(ctx: RequestContext, ref: number | string): Promise<ProductKnowledge> {
  assertCan(ctx, 'products:read');
  const product = await requireProduct(ctx.db, ref);
  const row = await ctx.db.selectFrom('product_knowledge').selectAll().where('product_id', '=', product.id).executeTakeFirst();
  return {
    productId: product.id,
    sku: product.sku,
    usage: { en: row?.usage_en ?? '', hi: row?.usage_hi ?? '' },
    ingredients: { en: row?.ingredients_en ?? '', hi: row?.ingredients_hi ?? '' },
    certifications: row?.certifications ?? [],
    faq: row?.faq ?? [],
  };
}

export async function saveProductKnowledge(ctx: RequestContext, ref: number | string, input: Omit<ProductKnowledge, 'productId' | 'sku'>): Promise<ProductKnowledge> {
  assertCan(ctx, 'products:write');
  return inTransaction(ctx, async (tx) => {
    const product = await requireProduct(tx.db, ref);
    const values = {
      usage_en: input.usage.en, usage_hi: input.usage.hi, ingredients_en: input.ingredients.en, ingredients_hi: input.ingredients.hi,
      certifications: JSON.stringify(input.certifications), faq: JSON.stringify(input.faq), updated_at: new Date(),
    };
    await tx.db.insertInto('product_knowledge').values({ product_id: product.id, ...values }).onConflict((oc) => oc.column('product_id').doUpdateSet(values)).execute();
    await writeAudit(tx, { action: 'product.knowledge', entity: 'product', entityId: product.id, after: { ...input } });
    return getProductKnowledge(tx, product.id);
  });
}
