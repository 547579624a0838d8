import { tryParsePercent } from '@samooh/engine';
import { z } from 'zod';

/**
 * What a forward simulation assumes about growth and buying, per month. Shares are written as
 * percentages ("5%"), like the plan; amounts in minor units; volumes in points.
 */
const Share = z.string({ error: 'expected a percentage like "5%"' }).transform((text, ctx) => {
  const ppm = tryParsePercent(text);
  if (ppm === null || ppm > 1_000_000) {
    ctx.addIssue({ code: 'custom', message: `expected a percentage from 0% to 100% like "5%", got ${JSON.stringify(text)}` });
    return z.NEVER;
  }
  return ppm / 1_000_000;
});

const Buying = z.strictObject({
  ordersPerMonth: z.number().min(0, 'expected 0 or more orders a month').max(31, 'expected at most 31 orders a month')
    .describe('Mean orders a member of this type places a month (Poisson)'),
  cv: z.number().min(0, 'expected a volume of 0 or more').max(100_000).describe('Mean CV of an order, points; each order is 50% to 150% of it'),
  qv: z.number().min(0, 'expected a volume of 0 or more').max(100_000).optional().describe('Mean QV of an order; default the CV'),
  amount: z.number().int().min(0, 'expected an amount of 0 or more').max(100_000_000).optional().describe('Mean price of an order, minor units; default 1 CV = 100'),
  wholesaleShare: Share.optional().describe('The distributor price as a share of the price paid (retail profit for customer orders); default 80% for customers, 100% for distributors'),
});

export const AssumptionsSchema = z.strictObject({
  initialDistributors: z.number().int().min(1, 'expected at least 1 distributor to start with').max(2_000_000).default(10)
    .describe('Distributors at the start, all sponsored by the company root'),
  recruitsPerDistributor: z.number().min(0, 'expected 0 or more recruits').max(10, 'expected at most 10 recruits a month')
    .describe('Mean new members an active-or-not live distributor brings in a month (Poisson)'),
  churn: Share.describe('Share of live members (not the root) who leave each month'),
  customerShare: Share.describe('Share of new members who join as customers rather than distributors'),
  preferredShare: Share.default(0.5).describe('Of new customers, the share who are preferred customers (the rest retail)'),
  buying: z.strictObject({ distributor: Buying, preferred: Buying, retail: Buying }),
});

export type AssumptionsInput = z.input<typeof AssumptionsSchema>;
export type Assumptions = z.output<typeof AssumptionsSchema>;

/** The first issue's path and message for each problem, e.g. "churn: expected a percentage from 0% to 100%". */
export function assumptionIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(assumptions)', message: issue.message }));
}
