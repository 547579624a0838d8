import { sql } from 'kysely';
import type { JobHandler } from '../../jobs/worker.ts';
import { retryDelaySeconds } from '../../jobs/job-queue.ts';
import type { Language } from '../../db/schema.ts';
import type { RequestContext } from '../context.ts';
import { DELIVER_JOB, MAX_DELIVERY_ATTEMPTS, type NotificationKind, type OutboundChannel } from './notification-kinds.ts';
import { scheduleDelivery } from './notify.ts';
import { renderNotification } from './render-notification.ts';
import type { Transports } from './transports.ts';

export interface DeliveryOutcome {
  sent: number;
  retrying: number;
  failed: number;
}

interface DueRow {
  id: number;
  channel: OutboundChannel;
  address: string;
  language: Language;
  attempts: number;
  kind: NotificationKind;
  params: Record<string, unknown>;
}

/**
 * Sends what is due in the outbox, a batch at a time. Each row is locked
 * (SKIP LOCKED: several workers share the outbox without sending a row twice)
 * and marked sent in the same transaction that sent it. A transport that
 * throws leaves the row pending with its next attempt pushed back (10 s,
 * 40 s, 90 s … at most an hour apart) until MAX_DELIVERY_ATTEMPTS; so nothing
 * is lost while a transport is down and each message goes out once when it is
 * back. Ends by making sure a job runs for the next row due.
 */
export async function deliverNotifications(ctx: RequestContext, transports: Transports, options: { batch?: number } = {}): Promise<DeliveryOutcome> {
  const batch = options.batch ?? 100;
  const outcome: DeliveryOutcome = { sent: 0, retrying: 0, failed: 0 };
  const { rows } = await sql<DueRow>`
    SELECT o.id, o.channel, o.address, o.language, o.attempts, n.kind, n.params
      FROM notification_outbox o JOIN notifications n ON n.id = o.notification_id
     WHERE o.status = 'pending' AND o.next_attempt_at <= now()
     ORDER BY o.next_attempt_at, o.id
     LIMIT ${batch}
       FOR UPDATE OF o SKIP LOCKED`.execute(ctx.db);
  for (const row of rows) {
    const rendered = renderNotification(row.language, row.kind, row.params);
    try {
      await transports[row.channel].send({ channel: row.channel, to: row.address, language: row.language, ...rendered });
      await sql`UPDATE notification_outbox SET status = 'sent', attempts = attempts + 1, sent_at = now(), last_error = NULL WHERE id = ${row.id}`.execute(ctx.db);
      outcome.sent++;
    } catch (error) {
      const attempts = row.attempts + 1;
      const final = attempts >= MAX_DELIVERY_ATTEMPTS;
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
      await sql`
        UPDATE notification_outbox SET attempts = ${attempts}, last_error = ${message}, status = ${final ? 'failed' : 'pending'},
               next_attempt_at = now() + make_interval(secs => ${retryDelaySeconds(attempts)})
         WHERE id = ${row.id}`.execute(ctx.db);
      if (final) outcome.failed++;
      else outcome.retrying++;
      ctx.log.warn({ outboxId: row.id, channel: row.channel, attempts, final, err: message }, 'notification not delivered');
    }
  }
  if (rows.length === batch) {
    await scheduleDelivery(ctx.db, new Date());
  } else {
    // Rows due already but not taken here are another worker's, who schedules after them.
    const next = await sql<{ due: Date | null }>`SELECT min(next_attempt_at) AS due FROM notification_outbox WHERE status = 'pending' AND next_attempt_at > now()`.execute(ctx.db);
    if (next.rows[0]?.due) await scheduleDelivery(ctx.db, new Date(next.rows[0].due));
  }
  return outcome;
}

/** The job handlers to give a JobWorker so the outbox is drained. */
export function notificationJobHandlers(transports: Transports): Record<string, JobHandler> {
  return { [DELIVER_JOB]: async (ctx) => void (await deliverNotifications(ctx, transports)) };
}
