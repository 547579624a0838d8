import type { Company } from '../company/get-company.ts';
import type { RequestContext } from '../context.ts';
import { placeAutoships, type AutoshipOutcome } from './place-autoships.ts';

export { AUTOSHIP_MAX_ATTEMPTS, AUTOSHIP_RETRY_HOURS, type AutoshipOutcome } from './place-autoships.ts';

/**
 * Places one autoship's order for its due month, inside the caller's
 * transaction: a batch of one (see placeAutoships for what it does, how it
 * stays exactly once per month, and how a failed payment is retried).
 */
export async function placeAutoship(ctx: RequestContext, autoshipId: number, company?: Company): Promise<AutoshipOutcome> {
  return (await placeAutoships(ctx, [autoshipId], company)).get(autoshipId)!;
}
