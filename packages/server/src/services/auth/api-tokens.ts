import { sql, type Selectable } from 'kysely';
import type { ApiTokensTable } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { inTransaction, type Actor, type Db, type RequestContext } from '../context.ts';
import { assertCan, TOKEN_SCOPES, type TokenScope } from './permissions.ts';
import { newSecret, secretHash } from './secrets.ts';

type TokenRow = Selectable<ApiTokensTable>;

function toTokenView(row: TokenRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes as TokenScope[],
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
export type ApiTokenView = ReturnType<typeof toTokenView>;

/** Creates an integration token. The secret is in this answer only; Samooh keeps its hash. */
export async function createApiToken(ctx: RequestContext, input: { name: string; scopes: TokenScope[]; expiresInDays?: number | undefined }) {
  assertCan(ctx, 'tokens:manage');
  const scopes = [...new Set(input.scopes)];
  if (scopes.length === 0 || !scopes.every((scope) => (TOKEN_SCOPES as readonly string[]).includes(scope))) throw new SamoohError('VALIDATION_FAILED', { summary: 'unknown scope' });
  const token = newSecret('smh_t_');
  return inTransaction(ctx, async (tx) => {
    const row = await tx.db
      .insertInto('api_tokens')
      .values({
        name: input.name.trim(),
        token_hash: secretHash(token),
        prefix: token.slice(0, 10),
        scopes,
        created_by: ctx.actor.kind === 'user' ? ctx.actor.id : null,
        expires_at: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(tx, { action: 'api_token.create', entity: 'api_token', entityId: row.id, after: { name: row.name, scopes } });
    return { token, apiToken: toTokenView(row) };
  });
}

export async function listApiTokens(ctx: RequestContext) {
  assertCan(ctx, 'tokens:manage');
  return (await ctx.db.selectFrom('api_tokens').selectAll().orderBy('id').execute()).map(toTokenView);
}

export async function revokeApiToken(ctx: RequestContext, id: number) {
  assertCan(ctx, 'tokens:manage');
  return inTransaction(ctx, async (tx) => {
    const row = await tx.db
      .updateTable('api_tokens')
      .set({ revoked_at: sql`coalesce(revoked_at, now())` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new SamoohError('API_TOKEN_NOT_FOUND', { token: String(id) });
    await writeAudit(tx, { action: 'api_token.revoke', entity: 'api_token', entityId: id });
    return toTokenView(row);
  });
}

/** The actor of a bearer token, or undefined when it is unknown, revoked or expired. */
export async function actorOfApiToken(db: Db, secret: string): Promise<Actor | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .select(sql<boolean>`last_used_at IS NULL OR last_used_at < now() - interval '1 minute'`.as('stale'))
    .where('token_hash', '=', secretHash(secret))
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.stale) await db.updateTable('api_tokens').set({ last_used_at: sql`now()` }).where('id', '=', row.id).execute();
  return { kind: 'token', id: row.id, label: `token:${row.name}#${row.id}`, roles: [], scopes: row.scopes };
}
