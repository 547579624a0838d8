import { sql, type Kysely } from 'kysely';
import type { Db } from '../services/context.ts';
import type { Database, MemberStatus, MemberType } from './schema.ts';

export type TreeName = 'sponsor' | 'placement';

const PARENT_COLUMN = { sponsor: 'sponsor_id', placement: 'placement_parent_id' } as const;
const DEPTH_COLUMN = { sponsor: 'sponsor_depth', placement: 'placement_depth' } as const;

export interface UplineEntry {
  id: number;
  code: string;
  name: string;
  type: MemberType;
  status: MemberStatus;
  /** 1 for the parent, 2 for the grandparent, and so on. */
  distance: number;
}

/** The chain of ancestors of a member in one tree, nearest first, up to the root. */
export async function selectUpline(db: Db, memberId: number, tree: TreeName): Promise<UplineEntry[]> {
  const parent = sql.ref(PARENT_COLUMN[tree]);
  const result = await sql<UplineEntry>`
    WITH RECURSIVE up (id, distance) AS (
      SELECT ${parent}, 1 FROM members WHERE id = ${memberId} AND ${parent} IS NOT NULL
      UNION ALL
      SELECT m.${parent}, up.distance + 1 FROM up JOIN members m ON m.id = up.id WHERE m.${parent} IS NOT NULL
    )
    SELECT m.id, m.code, m.name, m.type, m.status, up.distance
      FROM up JOIN members m ON m.id = up.id
     ORDER BY up.distance`.execute(db);
  return result.rows;
}

/** True when member lies strictly below ancestor in the tree. */
export async function isInDownline(db: Db, ancestorId: number, memberId: number, tree: TreeName): Promise<boolean> {
  return (await levelsBelow(db, ancestorId, memberId, tree)) !== null;
}

/**
 * How many levels member lies below ancestor (1 for a child), or null when not
 * in the downline. Both depths are stored; the member's ancestor at the
 * ancestor's depth is found along jump pointers in O(log depth) lookups.
 */
export async function levelsBelow(db: Db, ancestorId: number, memberId: number, tree: TreeName): Promise<number | null> {
  if (ancestorId === memberId) return null;
  const depth = sql.ref(DEPTH_COLUMN[tree]);
  const result = await sql<{ levels: number | null }>`
    SELECT m.${depth} - a.${depth} AS levels
      FROM members a, members m
     WHERE a.id = ${ancestorId} AND m.id = ${memberId} AND m.${depth} > a.${depth}
       AND genealogy_ancestor(${tree}, m.id, a.${depth}) = a.id`.execute(db);
  return result.rows[0]?.levels ?? null;
}

export interface DownlineMatch extends UplineEntry {
  phone: string | null;
}

export interface DownlineFilter {
  /** The term as typed (trimmed), or null: decides whether the trigram indexes can help. */
  term: string | null;
  like: string | null;
  code: string | null;
  digits: string | null;
  maxLevels: number;
  limit: number;
  offset: number;
  /** How to search: auto (the default) picks; index and walk force one way (tests compare them). */
  strategy?: 'auto' | 'index' | 'walk';
}

/**
 * Members below a member whose name, code or phone matches, nearest levels
 * first (then by id), down to maxLevels. PostgreSQL produces a recursive
 * query's rows level by level and on demand, so a first query stops at the
 * level where the page fills up; the second sorts only the levels down to it.
 * A common term is found near the top of even the largest downline; a term
 * that matches nobody walks every level asked for.
 */
export async function searchDownline(db: Db, ancestorId: number, tree: TreeName, filter: DownlineFilter): Promise<DownlineMatch[]> {
  return withoutJit(db, async (tx) => {
    if (filter.strategy === 'index') return (await searchCandidates(tx, ancestorId, tree, filter, true)) ?? searchLevels(tx, ancestorId, tree, filter);
    if (filter.strategy === 'walk' || (filter.term?.length ?? 0) < TRIGRAM_MIN_LENGTH) return searchLevels(tx, ancestorId, tree, filter);
    // Walk a first stretch of the downline: a common term or a small downline is answered there.
    const probe = await pageLevel(tx, ancestorId, tree, filter, SEARCH_WALK_BUDGET);
    if (probe.level !== null) return pageOfLevels(tx, ancestorId, tree, filter, probe.level);
    if (probe.seen < SEARCH_WALK_BUDGET) return pageOfLevels(tx, ancestorId, tree, filter, filter.maxLevels);
    if (walkLooksShorter(probe, filter.offset + filter.limit, await companySize(tx))) return searchLevels(tx, ancestorId, tree, filter);
    return (await searchCandidates(tx, ancestorId, tree, filter, false)) ?? searchLevels(tx, ancestorId, tree, filter);
  });
}

/**
 * After the first stretch of the walk, whether walking on is cheaper than the
 * trigram indexes: the stretch's hit rate estimates both how many more members
 * the walk needs to fill the page and how many members of the company match
 * (the candidates the indexes would return). A term with no hit yet is rare.
 */
export function walkLooksShorter(probe: { seen: number; hits: number }, needed: number, companyMembers: number): boolean {
  if (probe.hits === 0) return false;
  const rate = probe.hits / probe.seen;
  return (needed - probe.hits) / rate <= rate * companyMembers;
}

/** The planner's estimate of the members table's size: cheap, and close enough to weigh the two ways. */
async function companySize(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'members'::regclass`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** How many members the search walks before it asks the trigram indexes instead. */
export const SEARCH_WALK_BUDGET = 2_000;
/** Above this many trigram candidates in the depth window, the walk (which stops early on a common term) is used. */
export const SEARCH_MAX_CANDIDATES = 2_000;
/** pg_trgm needs a term of 3 characters to give an index condition. */
const TRIGRAM_MIN_LENGTH = 3;
/**
 * The downline search through the trigram indexes (migration 0025): every
 * member of the company whose name, code or phone matches, in the depth window
 * below the ancestor (at most SEARCH_MAX_CANDIDATES of them), each checked
 * with genealogy_ancestor in O(log depth). Returns null when this is not the
 * cheaper way: no term or one too short for trigrams, a small downline, or a
 * term so common that the level walk fills the page sooner.
 */
async function searchCandidates(db: Db, ancestorId: number, tree: TreeName, filter: DownlineFilter, forced: boolean): Promise<DownlineMatch[] | null> {
  if (filter.like === null || (filter.term?.length ?? 0) < TRIGRAM_MIN_LENGTH) return null;
  const depth = sql.ref(DEPTH_COLUMN[tree]);
  const [ancestor] = (await sql<{ depth: number | null }>`SELECT ${depth} AS depth FROM members WHERE id = ${ancestorId}`.execute(db)).rows;
  if (!ancestor || ancestor.depth === null) return [];
  const matches = [sql`m.name ILIKE ${filter.like}`];
  if (filter.code) matches.push(sql`m.code LIKE ${filter.code}`);
  if (filter.digits) matches.push(sql`m.phone LIKE ${filter.digits}`);
  const candidates = await sql<{ id: number }>`
    SELECT m.id FROM members m
     WHERE (${sql.join(matches, sql` OR `)})
       AND m.${depth} > ${ancestor.depth} AND m.${depth} <= ${ancestor.depth + filter.maxLevels}
     LIMIT ${forced ? null : SEARCH_MAX_CANDIDATES + 1}`.execute(db);
  if (!forced && candidates.rows.length > SEARCH_MAX_CANDIDATES) return null;
  if (candidates.rows.length === 0) return [];
  const result = await sql<DownlineMatch>`
    SELECT m.id, m.code, m.name, m.type, m.status, m.phone, m.${depth} - ${ancestor.depth} AS distance
      FROM members m
     WHERE m.id = ANY(${candidates.rows.map((row) => row.id)}::bigint[])
       AND genealogy_ancestor(${tree}, m.id, ${ancestor.depth}) = ${ancestorId}
     ORDER BY distance, m.id
     LIMIT ${filter.limit} OFFSET ${filter.offset}`.execute(db);
  return result.rows;
}

/**
 * Runs walks down the tree with PostgreSQL's JIT compiler off: the planner
 * cannot know how small a recursive walk stays, estimates millions of rows and
 * would spend far longer compiling than the walk takes (measured: 660 ms of JIT
 * for a 180 ms search).
 */
export async function withoutJit<T>(db: Db, fn: (db: Db) => Promise<T>): Promise<T> {
  const run = async (tx: Db) => {
    await sql`SET LOCAL jit = off`.execute(tx);
    return fn(tx);
  };
  return db.isTransaction ? run(db) : (db as Kysely<Database>).transaction().execute(run);
}

async function searchLevels(db: Db, ancestorId: number, tree: TreeName, filter: DownlineFilter): Promise<DownlineMatch[]> {
  const { rows } = await sql<{ level: number }>`${walkDown(ancestorId, tree, filter, filter.maxLevels)}
    SELECT distance AS level FROM down WHERE hit OFFSET ${filter.offset + filter.limit - 1} LIMIT 1`.execute(db);
  return pageOfLevels(db, ancestorId, tree, filter, rows[0] ? Number(rows[0].level) : filter.maxLevels);
}

/** The walk down, level by level; each row says whether it matches (names by ILIKE: see migration 0025). */
function walkDown(ancestorId: number, tree: TreeName, filter: DownlineFilter, levels: number) {
  const parent = sql.ref(PARENT_COLUMN[tree]);
  const matches = sql`(${filter.like}::text IS NULL AND ${filter.code}::text IS NULL AND ${filter.digits}::text IS NULL)
        OR m.name ILIKE ${filter.like} OR m.code LIKE ${filter.code} OR coalesce(m.phone LIKE ${filter.digits}, false)`;
  return sql`
    WITH RECURSIVE down (id, distance, hit) AS (
      SELECT m.id, 1, ${matches} FROM members m WHERE m.${parent} = ${ancestorId}
      UNION ALL
      SELECT m.id, down.distance + 1, ${matches} FROM down JOIN members m ON m.${parent} = down.id WHERE down.distance < ${levels}
    )`;
}

/**
 * The level at which the asked page fills up (null: it does not), walking at
 * most budget members, how many were walked and how many of
 * them match. It reads the walk's own rows, in the order PostgreSQL produces
 * them (level by level), with no join that could reorder them.
 */
async function pageLevel(db: Db, ancestorId: number, tree: TreeName, filter: DownlineFilter, budget: number) {
  const { rows } = await sql<{ seen: number; hits: number; level: number | null }>`${walkDown(ancestorId, tree, filter, filter.maxLevels)},
    walked AS MATERIALIZED (SELECT distance, hit FROM down LIMIT ${budget})
    SELECT (SELECT count(*) FROM walked)::int AS seen,
           (SELECT count(*) FILTER (WHERE hit) FROM walked)::int AS hits,
           (SELECT distance FROM walked WHERE hit OFFSET ${filter.offset + filter.limit - 1} LIMIT 1) AS level`.execute(db);
  return { seen: Number(rows[0]!.seen), hits: Number(rows[0]!.hits), level: rows[0]!.level === null ? null : Number(rows[0]!.level) };
}

/** The asked page, sorted by level and id, walking only the levels down to the one where it fills. */
async function pageOfLevels(db: Db, ancestorId: number, tree: TreeName, filter: DownlineFilter, levels: number): Promise<DownlineMatch[]> {
  // The page is cut before the join, so the planner joins a page of rows, not the millions it expects of a walk.
  const result = await sql<DownlineMatch>`${walkDown(ancestorId, tree, filter, levels)}
    SELECT m.id, m.code, m.name, m.type, m.status, m.phone, page.distance
      FROM (SELECT id, distance FROM down WHERE hit ORDER BY distance, id LIMIT ${filter.limit} OFFSET ${filter.offset}) page
      JOIN members m ON m.id = page.id
     ORDER BY page.distance, m.id`.execute(db);
  return result.rows;
}

/**
 * Team size (members anywhere below) of each member, counted and pending
 * alike, in one statement (one snapshot: a drain committing meanwhile cannot
 * make a member count twice or not at all): always exact.
 */
export async function teamSizes(db: Db, ids: number[], tree: TreeName): Promise<Map<number, number>> {
  const sizes = new Map<number, number>(ids.map((id) => [id, 0]));
  if (ids.length === 0) return sizes;
  const result = await sql<{ id: number; team: number }>`
    SELECT m.id, (coalesce(c.team, 0) + coalesce(p.n, 0))::int AS team
      FROM members m
      LEFT JOIN genealogy_counts c ON c.tree = ${tree} AND c.member_id = m.id
      LEFT JOIN (${pendingBelow(ids, tree)}) p ON p.id = m.id
     WHERE m.id = ANY(${ids}::bigint[])`.execute(db);
  for (const row of result.rows) sizes.set(Number(row.id), Number(row.team));
  return sizes;
}

/** Pending (not yet drained) members below each of the ids: each one's ancestor at each asked depth. */
function pendingBelow(ids: number[], tree: TreeName) {
  const depth = sql.ref(DEPTH_COLUMN[tree]);
  return sql<{ id: number; n: number }>`
    WITH targets AS (SELECT id, ${depth} AS depth FROM members WHERE id = ANY(${ids}::bigint[]) AND ${depth} IS NOT NULL),
    above AS MATERIALIZED (
      SELECT genealogy_ancestor(${tree}, p.member_id, d.depth) AS id
        FROM genealogy_pending p
        JOIN members pm ON pm.id = p.member_id
        CROSS JOIN (SELECT DISTINCT depth FROM targets) d
       WHERE p.tree = ${tree} AND pm.${depth} > d.depth)
    SELECT above.id, count(*)::int AS n FROM above JOIN targets USING (id) GROUP BY above.id`;
}

/**
 * Members enrolled below each member and not yet drained into genealogy_counts
 * (usually none): each pending member's ancestor at each asked depth, one
 * O(log depth) walk per pair. Reads add these to the stored counts.
 */
export async function pendingTeams(db: Db, ids: number[], tree: TreeName): Promise<Map<number, number>> {
  const pending = new Map<number, number>();
  if (ids.length === 0) return pending;
  const result = await pendingBelow(ids, tree).execute(db);
  for (const row of result.rows) pending.set(Number(row.id), Number(row.n));
  return pending;
}

/** Runs reads in one snapshot (REPEATABLE READ), or in the caller's transaction. */
export async function inOneSnapshot<T>(db: Db, fn: (db: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : (db as Kysely<Database>).transaction().setIsolationLevel('repeatable read').execute(fn);
}

/** The lock under which team sizes change: drains, and tree changes (in the triggers of migration 0008). */
const GENEALOGY_COUNTS_LOCK = 7_362_544;

/**
 * Adds members enrolled since the last drain to their uplines' team sizes, a
 * batch at a time. The uplines of the batch are read once as one set (shared
 * ancestors once), summed bottom up in memory and written in one statement,
 * so a batch of members deep in one chain costs the chain's length, not that
 * times the batch. Returns how many were drained, or -1 when another drain
 * (or a tree change) holds the lock.
 */
export async function drainGenealogy(db: Kysely<Database>, batch = 500): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const locked = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${GENEALOGY_COUNTS_LOCK}) AS ok`.execute(tx);
    if (!locked.rows[0]?.ok) return -1;
    // A crash may lose this commit, but only whole: the pending rows come back with it and are drained again.
    await sql`SET LOCAL synchronous_commit = off`.execute(tx);
    const pending = await sql<{ tree: TreeName; member_id: number }>`
      DELETE FROM genealogy_pending WHERE id IN (SELECT id FROM genealogy_pending ORDER BY id LIMIT ${batch}) RETURNING tree, member_id`.execute(tx);
    for (const tree of ['sponsor', 'placement'] as const) {
      const members = pending.rows.filter((row) => row.tree === tree).map((row) => row.member_id);
      if (members.length > 0) await addUplines(tx, tree, members);
    }
    return pending.rows.length;
  });
}

/** Adds one to the team size of every ancestor of each member (a member listed twice counts twice). */
async function addUplines(db: Db, tree: TreeName, members: number[]): Promise<void> {
  const parent = sql.ref(PARENT_COLUMN[tree]);
  const depth = sql.ref(DEPTH_COLUMN[tree]);
  const direct = await sql<{ parent: number }>`SELECT ${parent} AS parent FROM members WHERE id = ANY(${members}::bigint[]) AND ${parent} IS NOT NULL`.execute(db);
  const up = await sql<{ id: number; parent: number | null; depth: number }>`
    WITH RECURSIVE up (id, parent, depth) AS (
      SELECT p.id, p.${parent}, p.${depth} FROM members p WHERE p.id = ANY(${direct.rows.map((row) => row.parent)}::bigint[])
      UNION
      SELECT p.id, p.${parent}, p.${depth} FROM up JOIN members p ON p.id = up.parent
    )
    SELECT id, parent, depth FROM up ORDER BY depth DESC`.execute(db);
  const below = new Map<number, number>();
  for (const row of direct.rows) below.set(Number(row.parent), (below.get(Number(row.parent)) ?? 0) + 1);
  for (const row of up.rows) {
    const count = below.get(Number(row.id)) ?? 0;
    if (row.parent !== null) below.set(Number(row.parent), (below.get(Number(row.parent)) ?? 0) + count);
  }
  await sql`
    INSERT INTO genealogy_counts (tree, member_id, team)
    SELECT ${tree}, id, n FROM unnest(${[...below.keys()]}::bigint[], ${[...below.values()]}::int[]) AS t (id, n)
    ON CONFLICT (tree, member_id) DO UPDATE SET team = genealogy_counts.team + EXCLUDED.team`.execute(db);
}

/**
 * The first free placement slot under a sponsor, breadth first and left to
 * right, level by level: forced-matrix spillover, also the default for binary.
 * Reads one level per query, so the cost grows with the depth reached, not
 * with the size of the sponsor's downline above that depth.
 */
export async function findSpilloverSlot(db: Db, sponsorId: number, width: number): Promise<{ parentId: number; slot: number }> {
  let level = [sponsorId];
  for (;;) {
    const children = await db
      .selectFrom('members')
      .select(['id', 'placement_parent_id', 'placement_slot'])
      .where(sql<boolean>`placement_parent_id = ANY(${level}::bigint[])`)
      .execute();
    const byParent = new Map<number, (number | undefined)[]>();
    for (const child of children) {
      const slots = byParent.get(child.placement_parent_id!) ?? new Array<number | undefined>(width);
      slots[child.placement_slot!] = child.id;
      byParent.set(child.placement_parent_id!, slots);
    }
    const next: number[] = [];
    for (const parentId of level) {
      const slots = byParent.get(parentId) ?? new Array<number | undefined>(width);
      for (let slot = 0; slot < width; slot++) {
        const occupant = slots[slot];
        if (occupant === undefined) return { parentId, slot };
        next.push(occupant);
      }
    }
    level = next;
  }
}

/**
 * The bottom of one leg's outer edge: from a node, keep taking the child in
 * the given slot (0 left, 1 right) until there is none. Every member stores
 * the top of the left and of the right chain it lies on, so the bottom is the
 * deepest member of the node's chain: one index lookup at any depth.
 */
export async function findOuterEdgeSlot(db: Db, startId: number, slot: number): Promise<{ parentId: number; slot: number }> {
  const top = sql.ref(slot === 0 ? 'placement_left_top' : 'placement_right_top');
  // The chain's top as a value, so the scan runs down the (top, depth DESC) index and stops at once.
  const result = await sql<{ id: number }>`
    SELECT id FROM members WHERE ${top} = (SELECT ${top} FROM members WHERE id = ${startId})
     ORDER BY placement_depth DESC LIMIT 1`.execute(db);
  return { parentId: result.rows[0]?.id ?? startId, slot };
}

/** Members in the placement subtree hanging from a node's slot (0 when the slot is empty). */
export async function placementLegSize(db: Db, nodeId: number, slot: number): Promise<number> {
  const child = await db.selectFrom('members').select('id').where('placement_parent_id', '=', nodeId).where('placement_slot', '=', slot).executeTakeFirst();
  if (!child) return 0;
  return 1 + ((await teamSizes(db, [child.id], 'placement')).get(child.id) ?? 0);
}

/** CV credited to the members of a placement leg in one period, net of refunds booked in it. */
export async function placementLegVolume(db: Db, nodeId: number, slot: number, periodId: number): Promise<number> {
  const result = await sql<{ cv: number }>`
    WITH RECURSIVE leg (id) AS (
      SELECT id FROM members WHERE placement_parent_id = ${nodeId} AND placement_slot = ${slot}
      UNION ALL
      SELECT m.id FROM leg JOIN members m ON m.placement_parent_id = leg.id
    )
    SELECT coalesce((SELECT sum(o.cv) FROM orders o JOIN leg ON leg.id = o.credited_id WHERE o.period_id = ${periodId}), 0)
         - coalesce((SELECT sum(r.cv) FROM refunds r JOIN orders o ON o.id = r.order_id JOIN leg ON leg.id = o.credited_id WHERE r.period_id = ${periodId}), 0) AS cv`.execute(db);
  return Number(result.rows[0]?.cv ?? 0);
}
