import { assertCan } from '../auth/permissions.ts';
import { SamoohError } from '../../errors.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';
import { writeAudit } from '../audit.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { pageOf, type PageRequest } from '../paging.ts';
import { DELIVER_JOB } from './events.ts';

/** A subscription's deliveries, newest first, each with its attempts: the delivery log. */
export async function listDeliveries(ctx: RequestContext, webhookId: number, page: PageRequest) {
  assertCan(ctx, 'webhooks:manage');
  const subscription = await ctx.db.selectFrom('webhook_subscriptions').select('id').where('id', '=', webhookId).executeTakeFirst();
  if (!subscription) throw new SamoohError('WEBHOOK_NOT_FOUND', { webhook: String(webhookId) });
  const rows = await ctx.db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
    .select(['d.id', 'd.event_id', 'e.type', 'd.status', 'd.attempts', 'd.max_attempts', 'd.next_attempt_at', 'd.replay_of', 'd.created_at', 'd.finished_at'])
    .where('d.subscription_id', '=', webhookId)
    .orderBy('d.id', 'desc')
    .limit(page.limit + 1)
    .offset(page.offset)
    .execute();
  const ids = rows.map((row) => row.id);
  const attempts = ids.length ? await ctx.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', ids).orderBy('attempt').execute() : [];
  return pageOf(
    rows.map((row) => ({
      id: row.id,
      eventId: row.event_id,
      event: row.type,
      status: row.status,
      attempts: attempts
        .filter((attempt) => attempt.delivery_id === row.id)
        .map((attempt) => ({ attempt: attempt.attempt, at: attempt.at.toISOString(), httpStatus: attempt.http_status, error: attempt.error, durationMs: attempt.duration_ms })),
      maxAttempts: row.max_attempts,
      nextAttemptAt: row.status === 'pending' ? (row.next_attempt_at?.toISOString() ?? null) : null,
      replayOf: row.replay_of,
      createdAt: row.created_at.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
    })),
    page,
  );
}

/** Sends a delivery's event again, as a new delivery with its own attempts: the same body, a fresh signature. */
export async function replayDelivery(ctx: RequestContext, deliveryId: number): Promise<{ id: number; replayOf: number }> {
  assertCan(ctx, 'webhooks:manage');
  return inTransaction(ctx, async (tx) => {
    const original = await tx.db.selectFrom('webhook_deliveries').select(['id', 'event_id', 'subscription_id']).where('id', '=', deliveryId).executeTakeFirst();
    if (!original) throw new SamoohError('WEBHOOK_DELIVERY_NOT_FOUND', { delivery: String(deliveryId) });
    const replay = await tx.db
      .insertInto('webhook_deliveries')
      .values({ event_id: original.event_id, subscription_id: original.subscription_id, replay_of: original.id, next_attempt_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enqueueJob(tx.db, DELIVER_JOB, { delivery: replay.id });
    await writeAudit(tx, { action: 'webhook.replayed', entity: 'webhook_delivery', entityId: original.id, after: { replay: replay.id } });
    return { id: replay.id, replayOf: original.id };
  });
}
