import { SamoohError } from '../../errors.ts';
import { assertOwnCommunity } from '../auth/member-access.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { findMember, type MemberRef } from '../members/find-member.ts';
import { toMessageView, type MessageView } from './message-view.ts';

/**
 * Sends a message from the actor's own member. Messages go only along one
 * sponsor link: to one's sponsor, or to someone one sponsored (frontline).
 * That covers both directions of every conversation (a reply to a frontline
 * member goes to their sponsor) and never reaches across teams or skips
 * levels; the company can turn a member's messaging off.
 */
export async function sendMessage(ctx: RequestContext, ref: MemberRef, input: { to: MemberRef; body: string }): Promise<MessageView> {
  const sender = await assertOwnCommunity(ctx, ref);
  if (sender.messaging_disabled) throw new SamoohError('MESSAGING_DISABLED', { member: sender.code });
  const recipient = await findMember(ctx.db, input.to);
  if (!recipient) throw new SamoohError('MEMBER_NOT_FOUND', { member: String(input.to) });
  const linked = recipient.id === sender.sponsor_id || recipient.sponsor_id === sender.id;
  if (!linked || recipient.id === sender.id) throw new SamoohError('MESSAGE_OUTSIDE_LINES', { member: recipient.code });
  if (recipient.status === 'terminated') throw new SamoohError('MEMBER_TERMINATED', { member: recipient.code });
  return inTransaction(ctx, async (tx) => {
    const row = await tx.db.insertInto('messages').values({ sender_id: sender.id, recipient_id: recipient.id, body: input.body }).returningAll().executeTakeFirstOrThrow();
    return toMessageView(row, { [sender.id]: sender, [recipient.id]: recipient }, false);
  });
}
