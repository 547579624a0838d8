import type { OrderStatus } from '../../db/schema.ts';
import type {} from '../../db/schema-shop.ts'; // the table of migration 0019
import { actsAsDistributor, ownMemberId } from '../auth/member-access.ts';
import { assertCan } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { requireMember, type MemberRef } from '../members/find-member.ts';
import { pageOf, type PageRequest } from '../paging.ts';

export interface ListOrdersInput extends PageRequest {
  /** Orders this member bought. */
  buyer?: MemberRef | undefined;
  /** Orders whose volume is credited to this distributor (their own and their customers'). */
  credited?: MemberRef | undefined;
  periodId?: number | undefined;
  status?: OrderStatus | undefined;
  /** Only shop orders: those whose payment is still awaited (and not cancelled), or those whose payment is recorded. */
  shopPayment?: 'awaiting' | 'recorded' | undefined;
}

export async function listOrders(ctx: RequestContext, input: ListOrdersInput) {
  const all = assertCan(ctx, 'orders:read', 'orders:read:own') === 'orders:read';
  let query = ctx.db
    .selectFrom('orders as o')
    .innerJoin('members as b', 'b.id', 'o.buyer_id')
    .leftJoin('order_fulfilments as f', 'f.order_id', 'o.id')
    .select(['f.state as fulfilment', 'o.id', 'o.number', 'o.buyer_id', 'b.code as buyer_code', 'b.name as buyer_name', 'o.credited_id', 'o.period_id', 'o.business_date', 'o.status', 'o.currency', 'o.amount', 'o.qv', 'o.cv', 'o.refunded_amount', 'o.created_at']);
  if (!all) {
    // A customer sees the orders they bought; a distributor also those credited to them.
    const me = ownMemberId(ctx) ?? 0;
    query = actsAsDistributor(ctx) ? query.where((eb) => eb.or([eb('o.buyer_id', '=', me), eb('o.credited_id', '=', me)])) : query.where('o.buyer_id', '=', me);
  }
  if (input.buyer !== undefined) query = query.where('o.buyer_id', '=', (await requireMember(ctx.db, input.buyer)).id);
  if (input.credited !== undefined) query = query.where('o.credited_id', '=', (await requireMember(ctx.db, input.credited)).id);
  if (input.periodId !== undefined) query = query.where('o.period_id', '=', input.periodId);
  if (input.status !== undefined) query = query.where('o.status', '=', input.status);
  if (input.shopPayment !== undefined) {
    const recorded = input.shopPayment === 'recorded';
    query = query.where((eb) => eb.exists(eb.selectFrom('shop_orders as so').select('so.order_id').whereRef('so.order_id', '=', 'o.id').where('so.payment_reference', recorded ? 'is not' : 'is', null)));
    // A cancelled shop order is not awaiting anything: only orders still placed can be paid.
    if (!recorded) query = query.where('f.state', '=', 'placed');
  }
  const rows = await query.orderBy('o.id', 'desc').limit(input.limit + 1).offset(input.offset).execute();
  const items = rows.map((row) => ({
    id: row.id,
    number: row.number,
    buyer: { id: row.buyer_id, code: row.buyer_code, name: row.buyer_name },
    creditedId: row.credited_id,
    periodId: row.period_id,
    businessDate: row.business_date,
    status: row.status,
    currency: row.currency,
    amount: row.amount,
    qv: row.qv,
    cv: row.cv,
    refundedAmount: row.refunded_amount,
    fulfilment: row.fulfilment ?? null,
    createdAt: row.created_at.toISOString(),
  }));
  return pageOf(items, input);
}
