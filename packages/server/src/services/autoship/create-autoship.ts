import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { businessDate, getCompany } from '../company/get-company.ts';
import { inTransaction, now, type RequestContext } from '../context.ts';
import { requireMember, type MemberRef } from '../members/find-member.ts';
import type { ShippingAddress } from '../stock/reserve-stock.ts';
import { requireWarehouse, type WarehouseRef } from '../stock/find-warehouse.ts';
import { nextDueDate } from './autoship-dates.ts';
import { resolveAutoshipItems, writeAutoshipItems, type AutoshipItemInput } from './autoship-items.ts';
import { loadAutoshipView, type AutoshipView } from './autoship-view.ts';
import { assertAutoshipMember, assertMayUseAutoships, requireAutoship } from './find-autoship.ts';
import { paymentGateway, type PaymentMethod } from './payment-methods.ts';

export interface AutoshipInput {
  member: MemberRef;
  items: AutoshipItemInput[];
  dayOfMonth: number;
  paymentMethod: PaymentMethod;
  shippingAddress: ShippingAddress;
  warehouse?: WarehouseRef | undefined;
}

/**
 * Sets up a recurring order for a member (a distributor or a customer, for
 * themselves; owners and admins for anyone). The first order is due on the
 * day of the month on or after today, in the company's time zone.
 */
export async function createAutoship(ctx: RequestContext, input: AutoshipInput): Promise<AutoshipView> {
  const scope = assertMayUseAutoships(ctx, true);
  return inTransaction(ctx, async (tx) => {
    const member = await requireMember(tx.db, input.member);
    assertAutoshipMember(tx, scope, member.id);
    if (member.status === 'terminated') throw new SamoohError('MEMBER_TERMINATED', { member: member.code });
    if (!Number.isInteger(input.dayOfMonth) || input.dayOfMonth < 1 || input.dayOfMonth > 31) throw new SamoohError('AUTOSHIP_DAY_INVALID', { day: input.dayOfMonth });
    const items = await resolveAutoshipItems(tx, input.items);
    paymentGateway(input.paymentMethod.type);
    const warehouse = input.warehouse !== undefined ? await requireWarehouse(tx.db, input.warehouse) : null;
    const today = businessDate(await getCompany(tx.db), now(tx));
    const { id } = await tx.db.insertInto('autoships').values({
      member_id: member.id,
      day_of_month: input.dayOfMonth,
      next_run_date: nextDueDate(today, input.dayOfMonth),
      payment_method: JSON.stringify(input.paymentMethod),
      shipping_address: JSON.stringify(input.shippingAddress),
      warehouse_id: warehouse?.id ?? null,
      created_by: tx.actor.label,
    }).returning('id').executeTakeFirstOrThrow();
    await writeAutoshipItems(tx, id, items);
    await writeAudit(tx, { action: 'autoship.created', entity: 'autoship', entityId: id, after: { member: member.code, dayOfMonth: input.dayOfMonth, items: input.items.length } });
    return loadAutoshipView(tx.db, await requireAutoship(tx.db, id));
  });
}
