import { enqueueJob, retryDelaySeconds, type JobRow } from '../../jobs/job-queue.ts';
import type { JobHandler } from '../../jobs/worker.ts';
import type { RequestContext } from '../context.ts';
import { DELIVER_JOB } from './events.ts';
import { signatureHeader } from './signature.ts';

export interface DeliveryOptions {
  /** How long to wait for the receiver's answer. */
  timeoutMs?: number;
  /** Seconds before attempt n+1 after attempt n failed; default the job queue's 10 s, 40 s, 90 s, … at most an hour. */
  retryDelaySeconds?: (attempt: number) => number;
}

/**
 * Makes one attempt at a delivery: POSTs the event's body, signed, to the
 * subscription's URL. A 2xx answer delivers it; anything else (another
 * status, a refused connection, a timeout) is written to the attempt log and
 * the next attempt is queued after the back-off, until the attempts are used
 * up and the delivery is marked failed. Redirects are not followed.
 */
export async function deliverWebhook(ctx: RequestContext, deliveryId: number, options: DeliveryOptions = {}): Promise<'delivered' | 'retrying' | 'failed' | 'skipped'> {
  const delivery = await ctx.db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
    .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
    .select(['d.id', 'd.status', 'd.attempts', 'd.max_attempts', 'e.id as event_id', 'e.type', 'e.body', 's.url', 's.secret', 's.active'])
    .where('d.id', '=', deliveryId)
    .forUpdate('d')
    .executeTakeFirst();
  if (!delivery || delivery.status !== 'pending') return 'skipped';
  const attempt = delivery.attempts + 1;
  const started = Date.now();
  let httpStatus: number | null = null;
  let error: string | null = null;
  if (!delivery.active) {
    error = 'subscription is switched off';
  } else {
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Samooh-Webhooks/1',
          'samooh-event': delivery.type,
          'samooh-event-id': String(delivery.event_id),
          'samooh-delivery': String(delivery.id),
          'samooh-signature': signatureHeader(delivery.secret, delivery.body, Math.floor(Date.now() / 1000)),
        },
        body: delivery.body,
      });
      httpStatus = response.status;
      await response.body?.cancel();
      if (response.status < 200 || response.status >= 300) error = `HTTP ${response.status}`;
    } catch (failure) {
      error = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
    }
  }
  await ctx.db
    .insertInto('webhook_attempts')
    .values({ delivery_id: delivery.id, attempt, http_status: httpStatus, error: error?.slice(0, 1000) ?? null, duration_ms: Date.now() - started })
    .execute();
  const outcome = error === null ? 'delivered' : !delivery.active || attempt >= delivery.max_attempts ? 'failed' : 'retrying';
  const nextAt = new Date(Date.now() + (options.retryDelaySeconds ?? retryDelaySeconds)(attempt) * 1000);
  await ctx.db
    .updateTable('webhook_deliveries')
    .set({
      attempts: attempt,
      status: outcome === 'retrying' ? 'pending' : outcome,
      next_attempt_at: outcome === 'retrying' ? nextAt : null,
      finished_at: outcome === 'retrying' ? null : new Date(),
    })
    .where('id', '=', delivery.id)
    .execute();
  if (outcome === 'retrying') await enqueueJob(ctx.db, DELIVER_JOB, { delivery: delivery.id }, { runAt: nextAt });
  return outcome;
}

/** The job handler for webhook deliveries. */
export function webhookJobHandlers(options: DeliveryOptions = {}): Record<string, JobHandler> {
  return {
    [DELIVER_JOB]: async (ctx: RequestContext, payload: unknown, _job: JobRow) => {
      await deliverWebhook(ctx, Number((payload as { delivery: number }).delivery), options);
    },
  };
}
