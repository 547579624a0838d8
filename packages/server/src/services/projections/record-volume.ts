import type { Db } from '../context.ts';

export interface VolumeChange {
  periodId: number;
  /** The distributor the volume counts for (a customer's order counts for the referrer). */
  memberId: number;
  qv: number;
  cv: number;
  orderId?: number;
  refundId?: number;
}

/**
 * Records a change of an open period's volume in the same transaction as the
 * order or refund that makes it; the projector adds it to the member's and the
 * uplines' live volumes within moments (see apply-volume-events.ts).
 */
export async function recordVolumeChange(db: Db, change: VolumeChange): Promise<void> {
  if (change.qv === 0 && change.cv === 0) return;
  await db
    .insertInto('volume_events')
    .values({ period_id: change.periodId, member_id: change.memberId, qv: change.qv, cv: change.cv, order_id: change.orderId ?? null, refund_id: change.refundId ?? null })
    .execute();
}
