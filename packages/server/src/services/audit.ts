import type { RawSession } from '../db/connection.ts';
import { maskKyc } from './members/member-view.ts';
import type { RequestContext } from './context.ts';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string | number;
  reason?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Appends to the audit log in the caller's transaction; PAN and bank account are masked. */
export async function writeAudit(ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await ctx.db
    .insertInto('audit_log')
    .values({
      actor: ctx.actor.label,
      action: entry.action,
      entity: entry.entity,
      entity_id: String(entry.entityId),
      reason: entry.reason ?? null,
      before: entry.before ? JSON.stringify(maskKyc(entry.before)) : null,
      after: entry.after ? JSON.stringify(maskKyc(entry.after)) : null,
    })
    .execute();
}

/** The same entry, written inside a bulk load's raw session (imports, the demo seed). */
export async function writeAuditInSession(session: RawSession, actor: string, entry: AuditEntry): Promise<void> {
  await session.query(
    'INSERT INTO audit_log (actor, action, entity, entity_id, reason, before, after) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)',
    [
      actor,
      entry.action,
      entry.entity,
      String(entry.entityId),
      entry.reason ?? null,
      entry.before ? JSON.stringify(maskKyc(entry.before)) : null,
      entry.after ? JSON.stringify(maskKyc(entry.after)) : null,
    ],
  );
}
