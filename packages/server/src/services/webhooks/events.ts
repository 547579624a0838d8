import type {} from '../../db/schema-commerce-tax.ts'; // the tables and columns of migration 0015
import { sql } from 'kysely';
import type { Db } from '../context.ts';

/**
 * The events a webhook may subscribe to. Emitted today: member.enrolled,
 * order.placed, order.refunded, period.committed, payout.paid. The others are
 * accepted in subscriptions and are emitted by calling emitEvent where their
 * source will be: order.paid when payment is recorded apart from placing,
 * order.shipped from fulfilment, rank.achieved when a committed run records a
 * new highest rank.
 */
export const WEBHOOK_EVENTS = ['member.enrolled', 'order.placed', 'order.paid', 'order.shipped', 'order.refunded', 'rank.achieved', 'period.committed', 'payout.paid'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export const DELIVER_JOB = 'webhook.deliver';

/**
 * Writes an event to the outbox, in the caller's transaction, together with a
 * delivery and a delivery job for every active subscription to it: the event
 * exists, and will be delivered, exactly when the change it reports commits.
 * The body is fixed here; every delivery and replay sends these same bytes.
 */
export async function emitEvent(db: Db, type: WebhookEventType, data: Record<string, unknown>, now = new Date()): Promise<number> {
  const { rows } = await sql<{ id: string }>`SELECT nextval(pg_get_serial_sequence('webhook_events', 'id')) AS id`.execute(db);
  const id = Number(rows[0]!.id);
  const body = JSON.stringify({ id, type, createdAt: now.toISOString(), data });
  await sql`
    WITH event AS (
      INSERT INTO webhook_events (id, type, body, created_at) VALUES (${id}, ${type}, ${body}, ${now}) RETURNING id
    ), delivery AS (
      INSERT INTO webhook_deliveries (event_id, subscription_id, next_attempt_at)
      SELECT event.id, s.id, ${now} FROM event, webhook_subscriptions s WHERE s.active AND ${type} = ANY (s.events)
      RETURNING id
    )
    INSERT INTO jobs (kind, payload) SELECT ${DELIVER_JOB}, jsonb_build_object('delivery', delivery.id) FROM delivery`.execute(db);
  return id;
}
