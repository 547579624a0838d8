import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { assertCan, can } from '../auth/permissions.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { requireMember, type MemberRef } from '../members/find-member.ts';

export type HoldKind = 'payout' | 'compliance';

/** Puts a member's payouts on hold (a reason is required) or lifts the hold; earning goes on either way. */
export async function setPayoutHold(ctx: RequestContext, ref: MemberRef, hold: string | null) {
  assertCan(ctx, 'payouts:manage');
  return putHold(ctx, ref, hold, 'payout');
}

/**
 * Writes a hold of the given kind, audited. A compliance hold is changed or lifted only by
 * someone who may manage compliance (COMPLIANCE_HOLD_ACTIVE otherwise); lifting a compliance
 * hold leaves a payouts hold alone.
 */
export async function putHold(ctx: RequestContext, ref: MemberRef, hold: string | null, kind: HoldKind) {
  return inTransaction(ctx, async (tx) => {
    const member = await requireMember(tx.db, ref, 'MEMBER_NOT_FOUND', 'member', { forUpdate: true });
    if (member.payout_hold_kind === 'compliance' && !can(ctx.actor, 'compliance:manage')) throw new SamoohError('COMPLIANCE_HOLD_ACTIVE', { member: member.code });
    const before = { payoutHold: member.payout_hold, holdKind: member.payout_hold_kind };
    const keepsOther = hold === null && kind === 'compliance' && member.payout_hold_kind !== 'compliance';
    const after = keepsOther ? before : { payoutHold: hold, holdKind: hold === null ? null : kind };
    if (!keepsOther) {
      await tx.db.updateTable('members').set({ payout_hold: after.payoutHold, payout_hold_kind: after.holdKind }).where('id', '=', member.id).execute();
      const action = `member.${kind === 'compliance' ? 'compliance' : 'payout'}_${hold ? 'held' : 'released'}`;
      await writeAudit(tx, { action, entity: 'member', entityId: member.id, reason: hold, before, after });
    }
    return { memberId: member.id, code: member.code, payoutHold: after.payoutHold, holdKind: after.holdKind };
  });
}
