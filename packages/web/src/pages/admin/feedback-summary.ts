import type { FeedbackMonth } from './types.ts';

/** The themes a rating may name, in the server's order (FEEDBACK_THEMES of services/products/product-feedback.ts). */
export const FEEDBACK_THEMES = ['effect', 'taste', 'packaging', 'price', 'availability', 'other'] as const;

export interface ProductFeedbackSummary {
  product: string;
  responses: number;
  /** Weighted by each month's responses, from the months' averages (two decimals each). */
  averageRating: number;
  themes: Record<string, number>;
  months: FeedbackMonth[];
}

/** The report's months gathered per product, most answered first. */
export function summarise(months: FeedbackMonth[]): ProductFeedbackSummary[] {
  const byProduct = new Map<string, ProductFeedbackSummary>();
  for (const month of months) {
    const summary = byProduct.get(month.product) ?? { product: month.product, responses: 0, averageRating: 0, themes: {}, months: [] };
    summary.averageRating = (summary.averageRating * summary.responses + month.averageRating * month.responses) / (summary.responses + month.responses || 1);
    summary.responses += month.responses;
    for (const [theme, count] of Object.entries(month.themes)) summary.themes[theme] = (summary.themes[theme] ?? 0) + count;
    summary.months.push(month);
    byProduct.set(month.product, summary);
  }
  return [...byProduct.values()].sort((a, b) => b.responses - a.responses || a.product.localeCompare(b.product));
}
