import { z } from 'zod';
import type { DatabaseHandle, RawSession } from '../../db/connection.ts';
import { BankAccount, Country, Email, Ifsc, LanguageSchema, Pan, Phone } from '../../schemas/common.ts';
import { MemberType } from '../../schemas/members.ts';
import { placementWidth, type Company } from '../company/get-company.ts';
import { companyIn } from './company-in.ts';
import { csvDateOrDateTime, optionalCell } from './csv-fields.ts';
import { RowErrors } from './import-errors.ts';
import { stageFile, type ImportProgress } from './stage-file.ts';
import { checkRows } from './staging.ts';
import { rowsOnOrUnderCycles } from './find-cycles.ts';
import type { RowError } from './import-errors.ts';
import { writeAuditInSession } from '../audit.ts';
import { computeBulkTreeIndex, placedOrNull, writeBulkTeams, type StoredNode } from '../../db/genealogy-fill.ts';

export const MEMBER_COLUMNS = {
  required: ['code', 'name', 'type', 'sponsor_code'],
  optional: ['placement_parent_code', 'placement_slot', 'phone', 'email', 'country', 'language', 'joined_at', 'pan', 'bank_account', 'bank_ifsc'],
} as const;

const Code = z.string().trim().toUpperCase().regex(/^[A-Z0-9-]{3,32}$/, 'a member code of 3 to 32 letters, digits or dashes');

function memberRow(company: Company) {
  const width = placementWidth(company);
  const slot = z
    .string()
    .trim()
    .toUpperCase()
    .transform((value, ctx) => {
      const number = company.placement_tree === 'binary' ? ['L', 'R'].indexOf(value) : Number(value) - 1;
      if (!Number.isInteger(number) || number < 0 || number >= width) {
        ctx.addIssue({ code: 'custom', message: company.placement_tree === 'binary' ? 'L or R' : `a position from 1 to ${width}` });
        return z.NEVER;
      }
      return number;
    });
  return z
    .object({
      code: Code,
      name: z.string().trim().min(1, 'a name is required').max(200),
      type: MemberType,
      sponsor_code: Code,
      placement_parent_code: optionalCell(Code),
      placement_slot: optionalCell(slot),
      phone: optionalCell(Phone),
      email: optionalCell(Email),
      country: optionalCell(Country),
      language: optionalCell(LanguageSchema),
      joined_at: optionalCell(csvDateOrDateTime),
      pan: optionalCell(Pan),
      bank_account: optionalCell(BankAccount),
      bank_ifsc: optionalCell(Ifsc),
    })
    .superRefine((row, ctx) => {
      const placed = row.placement_parent_code !== undefined || row.placement_slot !== undefined;
      if (row.type !== 'distributor' && placed) ctx.addIssue({ code: 'custom', path: ['placement_parent_code'], message: 'customers are not placed in the placement tree' });
      if (row.type === 'distributor' && row.placement_parent_code === undefined) ctx.addIssue({ code: 'custom', path: ['placement_parent_code'], message: 'required for a distributor' });
      if (row.type === 'distributor' && row.placement_slot === undefined) ctx.addIssue({ code: 'custom', path: ['placement_slot'], message: 'required for a distributor' });
      if (row.sponsor_code === row.code) ctx.addIssue({ code: 'custom', path: ['sponsor_code'], message: 'a member cannot sponsor themselves' });
    });
}

type MemberCsvRow = z.output<ReturnType<typeof memberRow>>;

const STAGING = {
  name: 'import_members',
  columns: [
    { name: 'line', type: 'integer' },
    { name: 'code', type: 'text' },
    { name: 'name', type: 'text' },
    { name: 'type', type: 'text' },
    { name: 'sponsor_code', type: 'text' },
    { name: 'placement_parent_code', type: 'text' },
    { name: 'placement_slot', type: 'smallint' },
    { name: 'phone', type: 'text' },
    { name: 'email', type: 'text' },
    { name: 'country', type: 'text' },
    { name: 'language', type: 'text' },
    { name: 'joined_at', type: 'timestamptz' },
    { name: 'pan', type: 'text' },
    { name: 'bank_account', type: 'text' },
    { name: 'bank_ifsc', type: 'text' },
  ],
};

/** A date alone means the start of that day in the company's time zone. */
function joinedAt(value: string | undefined, company: Company): string | null {
  if (value === undefined) return null;
  return value.length === 10 ? `${value} 00:00:00 ${company.time_zone}` : value;
}

/**
 * Imports members from CSV, all or nothing. Every sponsor and placement parent
 * must exist in the file or the database, be a distributor, and form no cycle;
 * placement slots must be free and used once. Rows may come in any order.
 */
export async function importMembers(handle: DatabaseHandle, path: string, onProgress?: ImportProgress): Promise<{ imported: number }> {
  return handle.rawTransaction(async (session) => {
    const company = await companyIn(session);
    const errors = new RowErrors();
    const staging = await stageFile(
      session,
      path,
      {
        header: MEMBER_COLUMNS,
        row: memberRow(company),
        staging: STAGING,
        values: (row: MemberCsvRow, line) => [
          line, row.code, row.name, row.type, row.sponsor_code, row.placement_parent_code, row.placement_slot,
          row.phone, row.email, row.country, row.language, joinedAt(row.joined_at, company), row.pan, row.bank_account, row.bank_ifsc,
        ],
      },
      errors,
      onProgress,
    );
    errors.throwIfAny(path);
    onProgress?.(0, 3, 'checking');
    await session.exec(`
      CREATE INDEX ON import_members (code);
      CREATE INDEX ON import_members (sponsor_code);
      CREATE INDEX ON import_members (placement_parent_code, placement_slot);
      ANALYZE import_members;`);
    errors.addAll(await referenceErrors(session));
    errors.throwIfAny(path);
    onProgress?.(1, 3, 'checking');
    const cycles = await cycleErrors(session);
    errors.addAll(cycles.errors);
    errors.throwIfAny(path);
    onProgress?.(2, 3, 'writing');
    const imported = await insertMembers(session, cycles.links);
    await writeAuditInSession(session, 'cli', { action: 'members.imported', entity: 'member', entityId: '*', after: { file: path, imported } });
    onProgress?.(3, 3, 'done');
    return { imported };
  });
}

/** The first row of the file for each code. */
const FIRST_BY_CODE = `(SELECT DISTINCT ON (code) code, type, line FROM import_members ORDER BY code, line)`;

/** Codes, sponsors, placement parents and slots, checked set-wise against the file and the database. */
async function referenceErrors(session: RawSession) {
  return [
    ...(await checkRows(session, `
      SELECT s.line, 'code' AS column, 'code ' || s.code || ' appears more than once (first on line ' || f.line || ')' AS reason
        FROM import_members s JOIN ${FIRST_BY_CODE} f ON f.code = s.code WHERE s.line <> f.line`)),
    ...(await checkRows(session, `
      SELECT s.line, 'code' AS column, 'member ' || s.code || ' already exists' AS reason
        FROM import_members s JOIN members m ON m.code = s.code`)),
    ...(await checkRows(session, parentCheck('sponsor_code', 'sponsor', 'is a customer; only a distributor can sponsor'))),
    ...(await checkRows(session, parentCheck('placement_parent_code', 'placement parent', 'is a customer and has no placement slots'))),
    ...(await checkRows(session, `
      SELECT s.line, 'placement_slot' AS column, 'slot already taken by ' || o.code || ' under ' || s.placement_parent_code AS reason
        FROM import_members s
        JOIN members p ON p.code = s.placement_parent_code
        JOIN members o ON o.placement_parent_id = p.id AND o.placement_slot = s.placement_slot`)),
    ...(await checkRows(session, `
      SELECT s.line, 'placement_slot' AS column, 'slot under ' || s.placement_parent_code || ' is also given to line ' || f.line AS reason
        FROM import_members s
        JOIN (SELECT DISTINCT ON (placement_parent_code, placement_slot) placement_parent_code, placement_slot, line
                FROM import_members WHERE placement_parent_code IS NOT NULL ORDER BY placement_parent_code, placement_slot, line) f
          ON f.placement_parent_code = s.placement_parent_code AND f.placement_slot = s.placement_slot AND f.line <> s.line`)),
  ];
}

/** Rows whose parent (sponsor or placement parent) is unknown, or a customer. */
function parentCheck(column: 'sponsor_code' | 'placement_parent_code', label: string, customerReason: string): string {
  return `
    SELECT s.line, '${column}' AS column,
           CASE WHEN f.code IS NULL AND m.code IS NULL THEN '${label} ' || s.${column} || ' is neither in the file nor in the database'
                WHEN f.code IS NULL AND m.status = 'terminated' THEN '${label} ' || s.${column} || ' is terminated'
                ELSE '${label} ' || s.${column} || ' ${customerReason}' END AS reason
      FROM import_members s
      LEFT JOIN ${FIRST_BY_CODE} f ON f.code = s.${column}
      LEFT JOIN members m ON m.code = s.${column}
     WHERE s.${column} IS NOT NULL
       AND ((f.code IS NULL AND m.code IS NULL) OR coalesce(f.type, m.type) <> 'distributor' OR (f.code IS NULL AND m.status = 'terminated'))`;
}

const LINK_BATCH = 50_000;

/**
 * Works out the genealogy index of the file's members (their ids will be
 * firstId + row index) and stages it in import_genealogy for the insert.
 */
async function stageGenealogy(session: RawSession, firstId: number, links: FileLinks) {
  // Stored parents and every stored member reachable from them along jump pointers.
  const parents = new Set<number>();
  for (let i = 0; i < links.sponsor.length; i++) {
    if (links.sponsorStored[i]! > 0) parents.add(links.sponsorStored[i]!);
    if (links.parentStored[i]! > 0) parents.add(links.parentStored[i]!);
  }
  const reached = await session.query<{ id: number; tree: string; depth: number; jump: number; left_top: number | null; right_top: number | null }>(
    `WITH RECURSIVE s (id) AS (SELECT unnest($1::bigint[]) UNION SELECT m.sponsor_jump FROM s JOIN members m ON m.id = s.id),
          p (id) AS (SELECT unnest($1::bigint[]) UNION SELECT m.placement_jump FROM p JOIN members m ON m.id = p.id WHERE m.placement_jump IS NOT NULL)
     SELECT m.id, 'sponsor' AS tree, m.sponsor_depth AS depth, m.sponsor_jump AS jump, NULL AS left_top, NULL AS right_top FROM s JOIN members m ON m.id = s.id
     UNION ALL
     SELECT m.id, 'placement', m.placement_depth, m.placement_jump, m.placement_left_top, m.placement_right_top FROM p JOIN members m ON m.id = p.id
      WHERE m.placement_depth IS NOT NULL`,
    [[...parents]],
  );
  const stored = { sponsor: new Map<number, StoredNode>(), placement: new Map<number, StoredNode>() };
  for (const row of reached) {
    stored[row.tree as 'sponsor' | 'placement'].set(Number(row.id), {
      depth: row.depth,
      jump: Number(row.jump),
      leftTop: row.left_top === null ? null : Number(row.left_top),
      rightTop: row.right_top === null ? null : Number(row.right_top),
    });
  }
  const trees = {
    sponsor: computeBulkTreeIndex(firstId, { parent: links.sponsor, outsideParent: links.sponsorStored }, stored.sponsor),
    placement: computeBulkTreeIndex(firstId, { parent: links.parent, outsideParent: links.parentStored, slot: links.slot }, stored.placement),
  };
  await session.exec(`CREATE TEMP TABLE import_genealogy (idx int PRIMARY KEY, sponsor_depth int, sponsor_jump bigint, placement_depth int,
    placement_jump bigint, placement_left_top bigint, placement_right_top bigint) ON COMMIT DROP`);
  const { sponsor, placement } = trees;
  for (let from = 0; from < links.sponsor.length; from += LINK_BATCH) {
    const rows = Array.from({ length: Math.min(LINK_BATCH, links.sponsor.length - from) }, (_, k) => from + k);
    await session.query(
      'INSERT INTO import_genealogy SELECT * FROM unnest($1::int[], $2::int[], $3::bigint[], $4::int[], $5::bigint[], $6::bigint[], $7::bigint[])',
      [
        rows,
        rows.map((i) => placedOrNull(sponsor, sponsor.depth, i)),
        rows.map((i) => placedOrNull(sponsor, sponsor.jump, i)),
        rows.map((i) => placedOrNull(placement, placement.depth, i)),
        rows.map((i) => placedOrNull(placement, placement.jump, i)),
        rows.map((i) => placedOrNull(placement, placement.leftTop, i)),
        rows.map((i) => placedOrNull(placement, placement.rightTop, i)),
      ],
    );
  }
  return trees;
}

/**
 * Rows whose sponsor or placement chain never reaches a member already in the
 * database: they lie on (or under) a cycle within the file. The file's links
 * are read in batches into typed arrays and walked in memory, in linear time.
 */
async function cycleErrors(session: RawSession) {
  await session.exec(`
    CREATE TEMP TABLE import_member_ids ON COMMIT DROP AS
      SELECT code, (row_number() OVER (ORDER BY line) - 1)::int AS idx FROM import_members;
    CREATE INDEX ON import_member_ids (code);
    ANALYZE import_member_ids;
    CREATE TEMP TABLE import_links ON COMMIT DROP AS
      SELECT s.line, i.idx, coalesce(si.idx, -1) AS sponsor_idx, coalesce(pi.idx, -1) AS parent_idx,
             CASE WHEN si.idx IS NULL THEN sm.id END AS sponsor_stored, CASE WHEN pi.idx IS NULL THEN pm.id END AS parent_stored,
             coalesce(s.placement_slot, -1) AS slot
        FROM import_members s
        JOIN import_member_ids i ON i.code = s.code
        LEFT JOIN import_member_ids si ON si.code = s.sponsor_code
        LEFT JOIN members sm ON sm.code = s.sponsor_code
        LEFT JOIN import_member_ids pi ON pi.code = s.placement_parent_code
        LEFT JOIN members pm ON pm.code = s.placement_parent_code;
    CREATE INDEX ON import_links (idx);`);
  const [{ rows } = { rows: 0 }] = await session.query<{ rows: number }>('SELECT count(*)::int AS rows FROM import_links');
  const links = {
    sponsor: new Int32Array(rows),
    parent: new Int32Array(rows),
    sponsorStored: new Float64Array(rows),
    parentStored: new Float64Array(rows),
    slot: new Int8Array(rows),
  };
  const { sponsor, parent } = links;
  for (let from = 0; from < rows; from += LINK_BATCH) {
    const batch = await session.query<{ idx: number; sponsor_idx: number; parent_idx: number; sponsor_stored: number | null; parent_stored: number | null; slot: number }>(
      'SELECT idx, sponsor_idx, parent_idx, sponsor_stored, parent_stored, slot FROM import_links WHERE idx >= $1 AND idx < $2',
      [from, from + LINK_BATCH],
    );
    for (const link of batch) {
      sponsor[link.idx] = link.sponsor_idx;
      parent[link.idx] = link.parent_idx;
      links.sponsorStored[link.idx] = Number(link.sponsor_stored ?? 0);
      links.parentStored[link.idx] = Number(link.parent_stored ?? 0);
      links.slot[link.idx] = link.slot;
    }
  }
  const linesOf = async (indices: number[]) =>
    indices.length === 0 ? [] : (await session.query<{ line: number; code: string }>(
      'SELECT l.line, m.code FROM import_links l JOIN import_members m ON m.line = l.line WHERE l.idx = ANY($1::int[]) ORDER BY l.line',
      [indices],
    ));
  const report = (column: string, tree: string) => (row: { line: number; code: string }): RowError => ({
    line: row.line,
    column,
    reason: `the ${tree} chain of ${row.code} loops back on itself instead of reaching a member in the database`,
  });
  const errors = [
    ...(await linesOf(rowsOnOrUnderCycles(sponsor))).map(report('sponsor_code', 'sponsor')),
    ...(await linesOf(rowsOnOrUnderCycles(parent))).map(report('placement_parent_code', 'placement')),
  ];
  return { errors, links };
}

type FileLinks = Awaited<ReturnType<typeof cycleErrors>>['links'];

/**
 * Every sponsor and placement parent has just been checked set-wise against
 * the file and the database, so the per-row foreign-key triggers would only
 * repeat that, a million times over. Where the database role may (a superuser,
 * as with embedded PGlite), they are skipped for this transaction.
 */
async function skipReferenceTriggersIfAllowed(session: RawSession): Promise<void> {
  const [role] = await session.query<{ superuser: string }>("SELECT current_setting('is_superuser') AS superuser");
  if (role?.superuser === 'on') await session.exec("SET LOCAL session_replication_role = 'replica'");
}

async function insertMembers(session: RawSession, links: FileLinks): Promise<number> {
  // Enrollments wait while the file's members take their ids, so ids and codes cannot collide.
  await session.exec('LOCK TABLE members IN SHARE ROW EXCLUSIVE MODE');
  const [{ base } = { base: 0 }] = await session.query<{ base: number }>('SELECT coalesce(max(id), 0)::bigint AS base FROM members');
  const trees = await stageGenealogy(session, Number(base) + 1, links);
  const rebuild = await dropSearchIndexesForInitialLoad(session, links.sponsor.length);
  // The genealogy triggers step aside: the index of the file's members is computed in memory.
  await session.exec("SET LOCAL samooh.bulk_load = 'on'");
  await skipReferenceTriggersIfAllowed(session);
  const inserted = await session.query<{ n: number }>(`
    WITH rows AS (
      INSERT INTO members (id, code, name, type, sponsor_id, placement_parent_id, placement_slot, phone, email, country, language, joined_at, pan, bank_account, bank_ifsc, kyc_status,
                           sponsor_depth, sponsor_jump, placement_depth, placement_jump, placement_left_top, placement_right_top)
      SELECT $1::bigint + i.idx + 1, s.code, s.name, s.type, coalesce($1::bigint + si.idx + 1, sm.id), coalesce($1::bigint + pi.idx + 1, pm.id), s.placement_slot, s.phone, s.email,
             coalesce(s.country, 'IN'), coalesce(s.language, 'en'), coalesce(s.joined_at, now()), s.pan, s.bank_account, s.bank_ifsc,
             CASE WHEN s.pan IS NOT NULL OR s.bank_account IS NOT NULL THEN 'submitted' ELSE 'none' END,
             g.sponsor_depth, g.sponsor_jump, g.placement_depth, g.placement_jump, g.placement_left_top, g.placement_right_top
        FROM import_members s
        JOIN import_member_ids i ON i.code = s.code
        JOIN import_genealogy g ON g.idx = i.idx
        LEFT JOIN import_member_ids si ON si.code = s.sponsor_code
        LEFT JOIN members sm ON sm.code = s.sponsor_code
        LEFT JOIN import_member_ids pi ON pi.code = s.placement_parent_code
        LEFT JOIN members pm ON pm.code = s.placement_parent_code
      RETURNING 1)
    SELECT count(*)::int AS n FROM rows`, [base]);
  await session.exec("SET LOCAL session_replication_role = 'origin'");
  for (const definition of rebuild) await session.exec(definition);
  await writeBulkTeams(session, 'sponsor', Number(base) + 1, trees.sponsor);
  await writeBulkTeams(session, 'placement', Number(base) + 1, trees.placement);
  await session.exec("SET LOCAL samooh.bulk_load = 'off'");
  await session.exec(`
    SELECT setval(pg_get_serial_sequence('members', 'id'), (SELECT max(id) FROM members));
    SELECT setval('member_code_seq', greatest((SELECT last_value FROM member_code_seq),
      (SELECT coalesce(max(substring(code FROM 3)::bigint), 0) FROM members WHERE code ~ '^SM[0-9]{1,15}$')));`);
  return inserted[0]?.n ?? 0;
}

/**
 * A file larger than the members already stored (a company moving in) is
 * written without the trigram search indexes, which are built again over all
 * rows afterwards: a GIN index built once takes about 15 s over a million
 * members, kept up row by row it took longer than the insert itself. Dropping
 * them locks the members table against reads until the import commits, so a
 * smaller file, into a company already running, keeps them.
 */
async function dropSearchIndexesForInitialLoad(session: RawSession, rows: number): Promise<string[]> {
  const [stored] = await session.query<{ n: number }>("SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'members'::regclass");
  if (rows <= Number(stored?.n ?? 0)) return [];
  const indexes = await session.query<{ drop: string; definition: string }>(
    "SELECT format('DROP INDEX %I', indexname) AS drop, indexdef AS definition FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'members' AND indexdef LIKE '% USING gin %' ORDER BY indexname",
  );
  for (const index of indexes) await session.exec(index.drop);
  return indexes.map((index) => index.definition);
}
