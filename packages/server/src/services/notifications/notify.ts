import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../context.ts';
import { DELIVER_JOB, type NotificationKind } from './notification-kinds.ts';

/**
 * Writes notifications for a set of members in the caller's transaction: one
 * in-app row each (hidden from the list when they turned the app channel off
 * for this kind), and an outbox row per outbound channel they keep on and have
 * an address for, due now or when their quiet hours end. A delivery job is
 * queued for the earliest. Nothing goes out unless the event's own
 * transaction commits.
 *
 * `recipients` is SQL yielding (member_id bigint, params jsonb): set-based, so
 * a committed period notifies every earner in three statements.
 */
export async function notifyMembers(db: Db, kind: NotificationKind, recipients: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{ notified: number; due: Date | null }>`
    WITH src AS (
      SELECT r.member_id, r.params FROM (${recipients}) AS r (member_id, params)
        JOIN members m ON m.id = r.member_id AND m.status <> 'terminated'
    ), ins AS (
      INSERT INTO notifications (member_id, kind, params, in_app)
      SELECT src.member_id, ${kind}, src.params, coalesce(p.enabled, true)
        FROM src LEFT JOIN notification_preferences p ON p.member_id = src.member_id AND p.kind = ${kind} AND p.channel = 'in_app'
      RETURNING id, member_id
    ), out AS (
      INSERT INTO notification_outbox (notification_id, channel, address, language, next_attempt_at)
      SELECT ins.id, c.channel, a.address, m.language, notification_due_at(m.quiet_start, m.quiet_end, coalesce(m.time_zone, co.time_zone), now())
        FROM ins
        JOIN members m ON m.id = ins.member_id
       CROSS JOIN (SELECT time_zone FROM company LIMIT 1) co
       CROSS JOIN (VALUES ('email', true), ('sms', false), ('whatsapp', false)) AS c (channel, default_on)
       CROSS JOIN LATERAL (SELECT CASE WHEN c.channel = 'email' THEN m.email ELSE m.phone END AS address) a
        LEFT JOIN notification_preferences p ON p.member_id = ins.member_id AND p.kind = ${kind} AND p.channel = c.channel
       WHERE coalesce(p.enabled, c.default_on) AND a.address IS NOT NULL
      RETURNING next_attempt_at
    )
    SELECT (SELECT count(*)::int FROM ins) AS notified, (SELECT min(next_attempt_at) FROM out) AS due`.execute(db);
  const { notified, due } = rows[0]!;
  if (due) await scheduleDelivery(db, new Date(due));
  return notified;
}

/** One member, one event: the common case of the hooks. */
export async function notifyMember(db: Db, kind: NotificationKind, memberId: number, params: Record<string, unknown>): Promise<void> {
  await notifyMembers(db, kind, sql`SELECT ${memberId}::bigint, ${JSON.stringify(params)}::jsonb`);
}

/**
 * Makes sure a delivery job will run by `at`: adds one unless a queued one is
 * already due by then. Two writers may both add one; the second finds nothing
 * left to send.
 */
export async function scheduleDelivery(db: Db, at: Date): Promise<void> {
  await sql`
    INSERT INTO jobs (kind, payload, run_at, max_attempts)
    SELECT ${DELIVER_JOB}, '{}'::jsonb, ${at}, 5
     WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE kind = ${DELIVER_JOB} AND status = 'queued' AND run_at <= ${at})`.execute(db);
}
