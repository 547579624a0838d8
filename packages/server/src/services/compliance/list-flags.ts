import type { ComplianceFlagKind } from '../../db/schema.ts';
import { assertCan } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { findMember, type MemberRef } from '../members/find-member.ts';
import { pageOf, type Page, type PageRequest } from '../paging.ts';

export interface FlagFilter extends PageRequest {
  id?: number;
  period?: number;
  kind?: ComplianceFlagKind;
  severity?: 'warning' | 'alert';
  status?: 'open' | 'acknowledged';
  member?: MemberRef;
}

export interface FlagView {
  id: number;
  period: { id: number; start: string; end: string };
  kind: ComplianceFlagKind;
  severity: 'warning' | 'alert';
  member: { id: number; code: string; name: string } | null;
  subject: string;
  figures: Record<string, unknown>;
  evidence: unknown[];
  status: 'open' | 'acknowledged';
  acknowledged: { by: string; at: string; note: string } | null;
  firstSeenAt: string;
  lastSeenAt: string;
}

/** Stored flags, newest period first, alerts before warnings; filtered by period, kind, severity, status or member. */
export async function listFlags(ctx: RequestContext, filter: FlagFilter): Promise<Page<FlagView>> {
  assertCan(ctx, 'compliance:read');
  let query = ctx.db
    .selectFrom('compliance_flags as f')
    .innerJoin('periods as p', 'p.id', 'f.period_id')
    .leftJoin('members as m', 'm.id', 'f.member_id')
    .select(['f.id', 'f.period_id', 'p.start_date', 'p.end_date', 'f.kind', 'f.severity', 'f.member_id', 'm.code', 'm.name', 'f.subject', 'f.figures', 'f.evidence', 'f.status', 'f.acknowledged_by', 'f.acknowledged_at', 'f.note', 'f.first_seen_at', 'f.last_seen_at']);
  if (filter.id !== undefined) query = query.where('f.id', '=', filter.id);
  if (filter.period !== undefined) query = query.where('f.period_id', '=', filter.period);
  if (filter.kind) query = query.where('f.kind', '=', filter.kind);
  if (filter.severity) query = query.where('f.severity', '=', filter.severity);
  if (filter.status) query = query.where('f.status', '=', filter.status);
  if (filter.member !== undefined) {
    const member = await findMember(ctx.db, filter.member);
    if (!member) return pageOf([], filter);
    query = query.where('f.member_id', '=', member.id);
  }
  const rows = await query.orderBy('p.start_date', 'desc').orderBy('f.severity').orderBy('f.kind').orderBy('f.subject').limit(filter.limit + 1).offset(filter.offset).execute();
  return pageOf(rows.map((row): FlagView => ({
    id: row.id,
    period: { id: row.period_id, start: row.start_date, end: row.end_date },
    kind: row.kind,
    severity: row.severity,
    member: row.member_id === null ? null : { id: row.member_id, code: row.code!, name: row.name! },
    subject: row.subject,
    figures: row.figures,
    evidence: row.evidence,
    status: row.status,
    acknowledged: row.acknowledged_at ? { by: row.acknowledged_by!, at: row.acknowledged_at.toISOString(), note: row.note! } : null,
    firstSeenAt: row.first_seen_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
  })), filter);
}
