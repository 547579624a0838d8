import type { MemberRow } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import type { Db, RequestContext } from '../context.ts';

/**
 * A distributor's referral code is their member code: a sign-up or shop link
 * carries it (…/join?ref=SM100042). Only an active distributor's code counts.
 */
export async function requireReferrer(db: Db, code: string): Promise<MemberRow> {
  const normalized = code.trim().toUpperCase();
  const member = await db.selectFrom('members').selectAll().where('code', '=', normalized).executeTakeFirst();
  if (!member || member.type !== 'distributor' || member.status !== 'active') throw new SamoohError('REFERRAL_CODE_UNKNOWN', { code: normalized });
  return member;
}

/** What a sign-up or shop page shows for a referral link: whose it is. */
export async function lookUpReferral(ctx: RequestContext, code: string) {
  const referrer = await requireReferrer(ctx.db, code);
  return { code: referrer.code, name: referrer.name };
}
