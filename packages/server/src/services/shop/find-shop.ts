import type {} from '../../db/schema-shop.ts'; // the table of migration 0019
import type { MemberRow } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import type { Actor, Db } from '../context.ts';

/**
 * A distributor's shop, found by its code (the distributor's member code, the
 * same as their referral code). An unknown code, or a member who is not a
 * distributor, is SHOP_NOT_FOUND; a terminated distributor's shop is SHOP_CLOSED.
 */
export async function requireShop(db: Db, code: string): Promise<MemberRow> {
  const normalized = code.trim().toUpperCase();
  const member = await db.selectFrom('members').selectAll().where('code', '=', normalized).executeTakeFirst();
  if (!member || member.type !== 'distributor') throw new SamoohError('SHOP_NOT_FOUND', { code: normalized });
  if (member.status !== 'active') throw new SamoohError('SHOP_CLOSED', { code: normalized });
  return member;
}

/**
 * Who acts when a shop enrols its customer and places the order: the shop
 * itself. The public checkout is allowed to do exactly these writes (what a
 * customer may send is limited by the checkout's own validation), and the
 * audit trail names the shop.
 */
export function shopActor(shop: Pick<MemberRow, 'code'>): Actor {
  return { kind: 'system', id: null, label: `shop:${shop.code}`, roles: ['owner'] };
}
