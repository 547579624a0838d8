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
  return (await emitEvents(db, type, [data], now))[0]!;
}

/**
 * Writes several events of one type at once (a batch of autoship orders): the
 * same rows emitEvent writes for each, in one statement whatever their
 * number. Returns the events' ids in the order of `datas`.
 */
export async function emitEvents(db: Db, type: WebhookEventType, datas: readonly Record<string, unknown>[], now = new Date()): Promise<number[]> {
  if (datas.length === 0) return [];
  // Each body is its JSON without the id; the id, drawn in the same statement, goes in front.
  const rests = datas.map((data) => JSON.stringify({ type, createdAt: now.toISOString(), data }));
  const { rows } = await sql<{ id: string }>`
    WITH drawn AS MATERIALIZED (
      SELECT nextval(pg_get_serial_sequence('webhook_events', 'id')) AS id, r.rest, r.n
        FROM unnest(${rests}::text[]) WITH ORDINALITY AS r (rest, n) ORDER BY r.n
    ), event AS (
      INSERT INTO webhook_events (id, type, body, created_at)
      SELECT id, ${type}, '{"id":' || id || ',' || substr(rest, 2), ${now} FROM drawn ORDER BY n
      RETURNING id
    ), delivery AS (
      INSERT INTO webhook_deliveries (event_id, subscription_id, next_attempt_at)
      SELECT event.id, s.id, ${now} FROM event, webhook_subscriptions s WHERE s.active AND ${type} = ANY (s.events)
      ORDER BY event.id, s.id
      RETURNING id
    ), job AS (
      INSERT INTO jobs (kind, payload) SELECT ${DELIVER_JOB}, jsonb_build_object('delivery', delivery.id) FROM delivery ORDER BY delivery.id
    )
    SELECT id FROM drawn ORDER BY n`.execute(db);
  return rows.map((row) => Number(row.id));
}
