import { writeAudit } from '../audit.ts';
import { assertCan } from '../auth/permissions.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { requireMember, type MemberRef } from '../members/find-member.ts';

/** Puts a member's payouts on hold (a reason is required) or lifts the hold; earning goes on either way. */
export async function setPayoutHold(ctx: RequestContext, ref: MemberRef, hold: string | null) {
  assertCan(ctx, 'payouts:manage');
  return inTransaction(ctx, async (tx) => {
    const member = await requireMember(tx.db, ref, 'MEMBER_NOT_FOUND', 'member', { forUpdate: true });
    await tx.db.updateTable('members').set({ payout_hold: hold }).where('id', '=', member.id).execute();
    await writeAudit(tx, { action: hold ? 'member.payout_held' : 'member.payout_released', entity: 'member', entityId: member.id, reason: hold, before: { payoutHold: member.payout_hold }, after: { payoutHold: hold } });
    return { memberId: member.id, code: member.code, payoutHold: hold };
  });
}
