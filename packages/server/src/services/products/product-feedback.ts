import { sql } from 'kysely';
import { ownMemberId } from '../auth/member-access.ts';
import { assertCan, refusal } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { requireProduct } from './get-product.ts';

export const FEEDBACK_THEMES = ['effect', 'taste', 'packaging', 'price', 'availability', 'other'] as const;
export type FeedbackTheme = (typeof FEEDBACK_THEMES)[number];

/** A member rates a product 1–5, optionally with a theme and a suggestion for improvement. */
export async function giveProductFeedback(ctx: RequestContext, ref: number | string, input: { rating: number; theme?: FeedbackTheme | null; suggestion?: string }) {
  assertCan(ctx, 'community:own');
  const me = ownMemberId(ctx);
  if (me === null) throw refusal(ctx.actor);
  const product = await requireProduct(ctx.db, ref);
  const row = await ctx.db.insertInto('product_feedback').values({ product_id: product.id, member_id: me, rating: input.rating, theme: input.theme ?? null, suggestion: input.suggestion ?? '' })
    .returning(['id', 'created_at']).executeTakeFirstOrThrow();
  return { id: row.id, product: product.sku, rating: input.rating, theme: input.theme ?? null, suggestion: input.suggestion ?? '', createdAt: row.created_at.toISOString() };
}

/** Feedback for the company, newest first, optionally for one product. */
export async function listProductFeedback(ctx: RequestContext, query: { product?: string; limit: number; offset: number }) {
  assertCan(ctx, 'community:manage', 'reports:read');
  const productId = query.product !== undefined ? (await requireProduct(ctx.db, query.product)).id : null;
  const { rows } = await sql<{ id: number; sku: string; code: string; name: string; rating: number; theme: string | null; suggestion: string; created_at: Date }>`
    SELECT f.id, p.sku, m.code, m.name, f.rating, f.theme, f.suggestion, f.created_at
      FROM product_feedback f JOIN products p ON p.id = f.product_id JOIN members m ON m.id = f.member_id
     WHERE ${productId === null} OR f.product_id = ${productId ?? 0}
     ORDER BY f.id DESC LIMIT ${query.limit + 1} OFFSET ${query.offset}`.execute(ctx.db);
  return {
    items: rows.slice(0, query.limit).map((row) => ({ id: row.id, product: row.sku, member: { code: row.code, name: row.name }, rating: row.rating, theme: row.theme, suggestion: row.suggestion, createdAt: new Date(row.created_at).toISOString() })),
    limit: query.limit, offset: query.offset, hasMore: rows.length > query.limit,
  };
}
