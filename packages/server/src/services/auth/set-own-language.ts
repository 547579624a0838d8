import type { Language } from '../../db/schema.ts';
import { writeAudit } from '../audit.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { refusal } from './permissions.ts';
import { toUserView, type UserView } from './users.ts';

/**
 * The signed-in person's own language for Samooh's screens and messages
 * (English or Hindi), remembered on their account so every device shows it.
 * Only a signed-in user has one; an integration token is refused.
 */
export async function setOwnLanguage(ctx: RequestContext, language: Language): Promise<UserView> {
  if (ctx.actor.kind !== 'user' || ctx.actor.id === null) throw refusal(ctx.actor);
  const userId = ctx.actor.id;
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.selectFrom('users').select('language').where('id', '=', userId).executeTakeFirstOrThrow();
    const row = await tx.db.updateTable('users').set({ language }).where('id', '=', userId).returningAll().executeTakeFirstOrThrow();
    if (before.language !== language) await writeAudit(tx, { action: 'user.language', entity: 'user', entityId: userId, before: { language: before.language }, after: { language } });
    return toUserView(row);
  });
}
