import { randomBytes } from 'node:crypto';
import { assertCan } from '../auth/permissions.ts';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { pageOf, type PageRequest } from '../paging.ts';
import { WEBHOOK_EVENTS, type WebhookEventType } from './events.ts';

export interface WebhookInput {
  url: string;
  events: string[];
  description?: string | undefined;
}

interface SubscriptionRow {
  id: number;
  url: string;
  events: string[];
  description: string;
  active: boolean;
  created_at: Date;
}

const view = (row: SubscriptionRow) => ({ id: row.id, url: row.url, events: row.events, description: row.description, active: row.active, createdAt: row.created_at.toISOString() });
export type WebhookView = ReturnType<typeof view>;

function checkedUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new SamoohError('WEBHOOK_URL_INVALID', { url: text });
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) throw new SamoohError('WEBHOOK_URL_INVALID', { url: text });
  return url.toString();
}

function checkedEvents(events: string[]): WebhookEventType[] {
  for (const event of events) {
    if (!(WEBHOOK_EVENTS as readonly string[]).includes(event)) throw new SamoohError('WEBHOOK_EVENT_UNKNOWN', { event });
  }
  return [...new Set(events)] as WebhookEventType[];
}

/** Subscribes a URL to events. The answer carries the signing secret, the only time it is shown. */
export async function createWebhook(ctx: RequestContext, input: WebhookInput): Promise<WebhookView & { secret: string }> {
  assertCan(ctx, 'webhooks:manage');
  const url = checkedUrl(input.url);
  const events = checkedEvents(input.events);
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  return inTransaction(ctx, async (tx) => {
    const row = await tx.db
      .insertInto('webhook_subscriptions')
      .values({ url, events, secret, description: input.description?.trim() ?? '', created_by: ctx.actor.kind === 'user' ? ctx.actor.id : null })
      .returning(['id', 'url', 'events', 'description', 'active', 'created_at'])
      .executeTakeFirstOrThrow();
    await writeAudit(tx, { action: 'webhook.created', entity: 'webhook', entityId: row.id, after: { url, events } });
    return { ...view(row), secret };
  });
}

export async function listWebhooks(ctx: RequestContext, page: PageRequest) {
  assertCan(ctx, 'webhooks:manage');
  const rows = await ctx.db
    .selectFrom('webhook_subscriptions')
    .select(['id', 'url', 'events', 'description', 'active', 'created_at'])
    .orderBy('id')
    .limit(page.limit + 1)
    .offset(page.offset)
    .execute();
  return pageOf(rows.map(view), page);
}

/** Changes a subscription: its URL, events, description, or switches it off and on. */
export async function updateWebhook(ctx: RequestContext, id: number, changes: Partial<WebhookInput> & { active?: boolean | undefined }): Promise<WebhookView> {
  assertCan(ctx, 'webhooks:manage');
  const set = {
    ...(changes.url !== undefined && { url: checkedUrl(changes.url) }),
    ...(changes.events !== undefined && { events: checkedEvents(changes.events) }),
    ...(changes.description !== undefined && { description: changes.description.trim() }),
    ...(changes.active !== undefined && { active: changes.active }),
  };
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.selectFrom('webhook_subscriptions').select(['id', 'url', 'events', 'description', 'active', 'created_at']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw new SamoohError('WEBHOOK_NOT_FOUND', { webhook: String(id) });
    const after = Object.keys(set).length === 0 ? before : await tx.db
      .updateTable('webhook_subscriptions')
      .set(set)
      .where('id', '=', id)
      .returning(['id', 'url', 'events', 'description', 'active', 'created_at'])
      .executeTakeFirstOrThrow();
    await writeAudit(tx, { action: 'webhook.updated', entity: 'webhook', entityId: id, before: view(before), after: view(after) });
    return view(after);
  });
}
