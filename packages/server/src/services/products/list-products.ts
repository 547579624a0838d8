import { assertCan } from '../auth/permissions.ts';
import { sql } from 'kysely';
import type { RequestContext } from '../context.ts';
import { pageOf, type PageRequest } from '../paging.ts';
import { escapeLike } from '../members/search-members.ts';
import { pricesOf } from './get-product.ts';
import { toProductView } from './product-view.ts';

export interface ListProductsInput extends PageRequest {
  /** Matches the SKU or the English or Hindi name. */
  q?: string | undefined;
  /** Default: only products on sale. */
  active?: boolean | undefined;
}

export async function listProducts(ctx: RequestContext, input: ListProductsInput) {
  assertCan(ctx, 'products:read');
  let query = ctx.db.selectFrom('products').selectAll();
  if (input.active !== undefined) query = query.where('active', '=', input.active);
  const q = input.q?.trim();
  if (q) {
    const like = `%${escapeLike(q.toLowerCase())}%`;
    query = query.where((eb) => eb.or([eb(sql`lower(sku)`, 'like', like), eb(sql`lower(name_en)`, 'like', like), eb('name_hi', 'like', `%${escapeLike(q)}%`)]));
  }
  const rows = await query.orderBy('sku').limit(input.limit + 1).offset(input.offset).execute();
  const prices = await pricesOf(ctx.db, rows.map((row) => row.id));
  return pageOf(rows.map((row) => toProductView(row, prices.get(row.id) ?? [])), input);
}
