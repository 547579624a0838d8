import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { assertCan } from '../auth/permissions.ts';
import { getCompany } from '../company/get-company.ts';
import type { Db, RequestContext } from '../context.ts';
import { maskKycDeep } from '../members/member-view.ts';
import { parseRef } from '../refs.ts';

export interface AuditFilter {
  /** A kind of record: member, order, plan_version … */
  entity?: string | undefined;
  /** A record: its id as written in the trail, or its code (member code, order number, SKU, warehouse code). */
  ref?: string | undefined;
  /** Part of the actor's e-mail, name or label. */
  actor?: string | undefined;
  /** An action, or a prefix of actions ("member" matches member.updated). */
  action?: string | undefined;
  /** Calendar days in the company's time zone, both included. */
  from?: string | undefined;
  to?: string | undefined;
  /** The cursor: entries older than this id. */
  before?: number | undefined;
  limit: number;
}

export type AuditActorKind = 'user' | 'token' | 'shop' | 'system' | 'other';

export interface AuditEntryView {
  id: number;
  at: string;
  actor: { label: string; kind: AuditActorKind; name: string | null; email: string | null };
  action: string;
  entity: string;
  entityId: string;
  entityRef: string | null;
  reason: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditPage {
  items: AuditEntryView[];
  limit: number;
  hasMore: boolean;
  nextBefore: number | null;
}

/** The records that have a code of their own, and where to find it. */
const CODED = {
  member: { table: 'members', column: 'code' },
  order: { table: 'orders', column: 'number' },
  product: { table: 'products', column: 'sku' },
  warehouse: { table: 'warehouses', column: 'code' },
} as const;
type CodedEntity = keyof typeof CODED;
const CODED_ENTITIES = Object.keys(CODED) as CodedEntity[];
const isCoded = (entity: string): entity is CodedEntity => entity in CODED;

type AuditEb = ExpressionBuilder<Database, 'audit_log'>;

/** LIKE's own characters taken literally. */
const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/**
 * The audit trail, newest first, a page at a time (cursor: the oldest id shown), filtered by
 * record kind, record, actor, action and days. Every entry is written masked (writeAudit); it
 * is masked again on the way out, at any depth, so no PAN or bank account number leaves whole.
 */
export async function listAuditEntries(ctx: RequestContext, filter: AuditFilter): Promise<AuditPage> {
  assertCan(ctx, 'audit:read');
  const conditions: ((eb: AuditEb) => Expression<SqlBool>)[] = [];
  if (filter.before !== undefined) conditions.push((eb) => eb('id', '<', filter.before!));
  if (filter.entity !== undefined) conditions.push((eb) => eb('entity', '=', filter.entity!));
  if (filter.action !== undefined) {
    const action = filter.action;
    conditions.push((eb) => eb.or([eb('action', '=', action), eb('action', 'like', `${action.replace(/[\\%_]/g, (char) => `\\${char}`)}.%`)]));
  }
  if (filter.ref !== undefined) {
    const records = await recordsFor(ctx.db, filter.ref, filter.entity);
    const raw = filter.ref.trim();
    conditions.push((eb) => eb.or([eb('entity_id', '=', raw), ...records.map((record) => eb.and([eb('entity', '=', record.entity), eb('entity_id', '=', record.id)]))]));
  }
  if (filter.actor !== undefined) {
    const pattern = likeText(filter.actor);
    const named = await ctx.db.selectFrom('users').select('email').where('name', 'ilike', pattern).limit(200).execute();
    conditions.push((eb) => eb.or([eb('actor', 'ilike', pattern), ...(named.length > 0 ? [eb('actor', 'in', named.map((user) => `user:${user.email}`))] : [])]));
  }
  if (filter.from !== undefined || filter.to !== undefined) {
    const zone = (await getCompany(ctx.db)).time_zone;
    if (filter.from !== undefined) conditions.push((eb) => eb('at', '>=', sql<Date>`(${filter.from}::date)::timestamp AT TIME ZONE ${zone}`));
    if (filter.to !== undefined) conditions.push((eb) => eb('at', '<', sql<Date>`(${filter.to}::date + 1)::timestamp AT TIME ZONE ${zone}`));
  }

  const rows = await ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) => eb.and(conditions.map((condition) => condition(eb))))
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  const [codes, people] = await Promise.all([codesOf(ctx.db, page), peopleOf(ctx.db, page)]);
  const items = page.map((row): AuditEntryView => ({
    id: row.id,
    at: new Date(row.at).toISOString(),
    actor: actorOf(row.actor, people),
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    entityRef: codes.get(`${row.entity}:${row.entity_id}`) ?? null,
    reason: row.reason,
    before: maskKycDeep(row.before ?? null),
    after: maskKycDeep(row.after ?? null),
  }));
  const hasMore = rows.length > filter.limit;
  return { items, limit: filter.limit, hasMore, nextBefore: hasMore ? page[page.length - 1]!.id : null };
}

/** The records a reference names: a code of a member, order, product or warehouse (of the given kind, when one is given). */
async function recordsFor(db: Db, ref: string, entity: string | undefined): Promise<{ entity: CodedEntity; id: string }[]> {
  const parsed = parseRef(ref);
  if (!('code' in parsed)) return [];
  const kinds = entity === undefined ? CODED_ENTITIES : isCoded(entity) ? [entity] : [];
  const found = await Promise.all(
    kinds.map(async (kind) => {
      const { table, column } = CODED[kind];
      const { rows } = await sql<{ id: number }>`SELECT id FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${parsed.code}`.execute(db);
      return rows.map((row) => ({ entity: kind, id: String(row.id) }));
    }),
  );
  return found.flat();
}

/** The code of each coded record on the page, keyed "entity:id". */
async function codesOf(db: Db, rows: { entity: string; entity_id: string }[]): Promise<Map<string, string>> {
  const codes = new Map<string, string>();
  await Promise.all(
    CODED_ENTITIES.map(async (kind) => {
      const ids = [...new Set(rows.filter((row) => row.entity === kind && /^\d{1,15}$/.test(row.entity_id)).map((row) => Number(row.entity_id)))];
      if (ids.length === 0) return;
      const { table, column } = CODED[kind];
      const { rows: found } = await sql<{ id: number; code: string }>`SELECT id, ${sql.ref(column)} AS code FROM ${sql.table(table)} WHERE id IN (${sql.join(ids)})`.execute(db);
      for (const row of found) codes.set(`${kind}:${row.id}`, row.code);
    }),
  );
  return codes;
}

/** Names of the accounts that acted on the page, by e-mail. */
async function peopleOf(db: Db, rows: { actor: string }[]): Promise<Map<string, string | null>> {
  const emails = [...new Set(rows.filter((row) => row.actor.startsWith('user:')).map((row) => row.actor.slice(5)))];
  if (emails.length === 0) return new Map();
  const users = await db.selectFrom('users').select(['email', 'name']).where('email', 'in', emails).execute();
  return new Map(users.map((user) => [user.email, user.name]));
}

function actorOf(label: string, people: Map<string, string | null>): AuditEntryView['actor'] {
  if (label === 'system') return { label, kind: 'system', name: null, email: null };
  if (label.startsWith('user:')) {
    const email = label.slice(5);
    return { label, kind: 'user', name: people.get(email) ?? null, email };
  }
  if (label.startsWith('token:')) return { label, kind: 'token', name: label.slice(6).replace(/#\d+$/, ''), email: null };
  if (label.startsWith('shop:')) return { label, kind: 'shop', name: label.slice(5), email: null };
  return { label, kind: 'other', name: null, email: null };
}
