import { assertCan } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import type { MemberRef } from '../members/find-member.ts';
import { putHold } from '../payouts/payout-hold.ts';

/**
 * Puts a member on compliance hold (a reason is required) or lifts it (null). It is the payout
 * hold, marked as a compliance hold: payouts stop, earning goes on, and payouts staff cannot
 * lift it.
 */
export async function setComplianceHold(ctx: RequestContext, ref: MemberRef, hold: string | null) {
  assertCan(ctx, 'compliance:manage');
  return putHold(ctx, ref, hold, 'compliance');
}

/** Members whose payouts are under a compliance hold. */
export async function listComplianceHolds(ctx: RequestContext) {
  assertCan(ctx, 'compliance:read');
  const rows = await ctx.db.selectFrom('members').select(['id', 'code', 'name', 'payout_hold']).where('payout_hold_kind', '=', 'compliance').orderBy('code').execute();
  return { items: rows.map((row) => ({ memberId: row.id, code: row.code, name: row.name, reason: row.payout_hold! })) };
}
