import type { MemberRow } from '../../db/schema.ts';
import { SamoohError, type ErrorCode } from '../../errors.ts';
import type { Db } from '../context.ts';
import { parseRef } from '../refs.ts';

/** A member is addressed by numeric id or by member code (e.g. SM100042). */
export type MemberRef = number | string;

export interface LockOption {
  /** FOR UPDATE: this transaction will change the row. FOR SHARE: it must not change until we commit. */
  forUpdate?: boolean;
  forShare?: boolean;
}

export async function findMember(db: Db, ref: MemberRef, options: LockOption = {}): Promise<MemberRow | undefined> {
  const parsed = parseRef(ref);
  if ('none' in parsed) return undefined;
  let query = db.selectFrom('members').selectAll();
  query = 'id' in parsed ? query.where('id', '=', parsed.id) : query.where('code', '=', parsed.code);
  if (options.forUpdate) query = query.forUpdate();
  else if (options.forShare) query = query.forShare();
  return query.executeTakeFirst();
}

/** Finds the member or refuses with the given code (MEMBER_NOT_FOUND, SPONSOR_NOT_FOUND, ...). */
export async function requireMember(
  db: Db,
  ref: MemberRef,
  code: ErrorCode = 'MEMBER_NOT_FOUND',
  param = 'member',
  options: LockOption = {},
): Promise<MemberRow> {
  const member = await findMember(db, ref, options);
  if (!member) throw new SamoohError(code, { [param]: String(ref) });
  return member;
}

/** Only an active distributor can sponsor. */
export function assertCanSponsor(sponsor: MemberRow): void {
  if (sponsor.type !== 'distributor') throw new SamoohError('SPONSOR_NOT_DISTRIBUTOR', { sponsor: sponsor.code });
  if (sponsor.status === 'terminated') throw new SamoohError('SPONSOR_TERMINATED', { sponsor: sponsor.code });
}
