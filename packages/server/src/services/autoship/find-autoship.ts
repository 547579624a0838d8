import type { Selectable } from 'kysely';
import type { AutoshipsTable } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import { ownMemberId } from '../auth/member-access.ts';
import { assertCan, refusal } from '../auth/permissions.ts';
import type { Db, RequestContext } from '../context.ts';

export type AutoshipRow = Selectable<AutoshipsTable>;

export async function requireAutoship(db: Db, id: number, options: { forUpdate?: boolean } = {}): Promise<AutoshipRow> {
  let query = db.selectFrom('autoships').selectAll().where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = Number.isSafeInteger(id) && id > 0 ? await query.executeTakeFirst() : undefined;
  if (!row) throw new SamoohError('AUTOSHIP_NOT_FOUND', { autoship: String(id) });
  return row;
}

/**
 * An autoship is its member's: a distributor or customer reads and changes
 * their own; staff read every one (autoships:read) and owners and admins
 * change any (autoships:manage). Checked before the record is looked up, then
 * against its member.
 */
export function assertMayUseAutoships(ctx: RequestContext, write: boolean): 'all' | 'own' {
  const held = write ? assertCan(ctx, 'autoships:manage', 'autoships:own') : assertCan(ctx, 'autoships:read', 'autoships:manage', 'autoships:own');
  return held === 'autoships:own' ? 'own' : 'all';
}

export function assertAutoshipMember(ctx: RequestContext, scope: 'all' | 'own', memberId: number): void {
  if (scope === 'own' && ownMemberId(ctx) !== memberId) throw refusal(ctx.actor);
}

export async function requireAccessibleAutoship(ctx: RequestContext, id: number, write: boolean): Promise<AutoshipRow> {
  const scope = assertMayUseAutoships(ctx, write);
  const row = await requireAutoship(ctx.db, id, { forUpdate: write });
  assertAutoshipMember(ctx, scope, row.member_id);
  return row;
}
