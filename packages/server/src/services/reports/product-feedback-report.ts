import { sql } from 'kysely';
import { assertCan } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { FEEDBACK_THEMES } from '../products/product-feedback.ts';

export interface FeedbackMonth {
  product: string;
  month: string;
  responses: number;
  /** Mean rating, rounded half-up to two decimals. */
  averageRating: number;
  themes: Record<string, number>;
}

/** Product feedback per product and month (company time zone): responses, average rating, and how often each theme came up. */
export async function productFeedbackReport(ctx: RequestContext): Promise<{ items: FeedbackMonth[] }> {
  assertCan(ctx, 'reports:read');
  const { rows } = await sql<{ sku: string; month: string; responses: number; average: string; themes: Record<string, number> | null }>`
    WITH f AS (
      SELECT p.sku, to_char(f.created_at AT TIME ZONE (SELECT time_zone FROM company LIMIT 1), 'YYYY-MM') AS month, f.rating, f.theme
        FROM product_feedback f JOIN products p ON p.id = f.product_id
    )
    SELECT sku, month, count(*)::int AS responses, round(avg(rating)::numeric, 2)::text AS average,
           (SELECT jsonb_object_agg(theme, n) FROM (SELECT theme, count(*)::int AS n FROM f f2 WHERE f2.sku = f.sku AND f2.month = f.month AND theme IS NOT NULL GROUP BY theme) t) AS themes
      FROM f GROUP BY sku, month ORDER BY sku, month`.execute(ctx.db);
  return {
    items: rows.map((row) => ({
      product: row.sku,
      month: row.month,
      responses: row.responses,
      averageRating: Number(row.average),
      themes: Object.fromEntries(FEEDBACK_THEMES.map((theme) => [theme, row.themes?.[theme] ?? 0])),
    })),
  };
}
