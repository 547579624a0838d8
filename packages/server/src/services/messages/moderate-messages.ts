import { SamoohError } from '../../errors.ts';
import { assertCan } from '../auth/permissions.ts';
import { writeAudit } from '../audit.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { requireMember, type MemberRef } from '../members/find-member.ts';

/** The company hides a message from both members (kept for the record, with who and why). */
export async function hideMessage(ctx: RequestContext, messageId: number, reason: string): Promise<{ id: number; hidden: true }> {
  assertCan(ctx, 'community:manage');
  return inTransaction(ctx, async (tx) => {
    const updated = await tx.db.updateTable('messages').set({ hidden_at: new Date(), hidden_reason: reason, hidden_by: ctx.actor.id })
      .where('id', '=', messageId).returning('id').executeTakeFirst();
    if (!updated) throw new SamoohError('MESSAGE_NOT_FOUND', { message: messageId });
    await writeAudit(tx, { action: 'message.hidden', entity: 'message', entityId: messageId, reason });
    return { id: messageId, hidden: true as const };
  });
}

/** The company turns a member's messaging off (with a reason) or back on (null). */
export async function setMessaging(ctx: RequestContext, ref: MemberRef, disabled: string | null) {
  assertCan(ctx, 'community:manage');
  return inTransaction(ctx, async (tx) => {
    const member = await requireMember(tx.db, ref);
    await tx.db.updateTable('members').set({ messaging_disabled: disabled }).where('id', '=', member.id).execute();
    await writeAudit(tx, { action: disabled ? 'messaging.disabled' : 'messaging.enabled', entity: 'member', entityId: member.id, reason: disabled });
    return { memberId: member.id, code: member.code, messagingDisabled: disabled };
  });
}
