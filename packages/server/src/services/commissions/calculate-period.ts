import { forEachLine, memberOutcomes, NONE, validatePlan, VOLUME_SCALE, type Calculation, type LineDetail, type Plan } from '@samooh/engine';
import { assertCan } from '../auth/permissions.ts';
import type { DatabaseHandle, RawSession } from '../../db/connection.ts';
import { binaryCopy, TextBytesCache, type BinaryCopyWriter } from '../../db/copy-binary.ts';
import { copyBuffers, type CopyValue } from '../../db/copy-text.ts';
import type { PeriodRow } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import { writeAuditInSession } from '../audit.ts';
import type { Actor } from '../context.ts';
import type { Company } from '../company/get-company.ts';
import { companyIn } from '../imports/company-in.ts';
import { nextPeriodStatus } from '../periods/period-lifecycle.ts';
import { binaryClawbackLines, clawbackLines, type ClawbackLine } from './clawbacks.ts';
import { deductionsOn, payoutRulesOf } from './deductions.ts';
import { loadPeriodSnapshot, type PeriodSnapshot } from './load-snapshot.ts';
import { earlierCommittedRuns, planTotals } from './plan-totals.ts';
import { dropRunLines, markPreviewsSuperseded, runLinesTable } from './supersede-previews.ts';
import { calculateOnNetwork } from './calculate-on-network.ts';

export interface RunTotals {
  /** What the plan paid this period, before clawbacks. */
  paid: number;
  /** Negative lines reversing committed lines of refunded orders. */
  clawbacks: number;
  /** Company commissionable volume, points. */
  cv: number;
  byBonus: Record<string, number>;
  payoutRatio: number;
  capFactor: number;
  earners: number;
  lines: number;
  tds: number;
  fees: number;
  net: number;
}

/** The steps of a calculation, in order, as `onPhase` reports them done. */
export type CalculationPhase = 'snapshot' | 'engine' | 'lines' | 'members';

export interface CalculateOptions {
  /** Called as each step ends (benchmarks time them); the transaction's commit follows 'members'. */
  onPhase?: (phase: CalculationPhase) => void;
}

/**
 * Calculates a closed period: loads its snapshot, runs the plan version in
 * force, and stores every line and every member's outcome as a preview run.
 * One transaction: a run killed midway leaves nothing behind, and the period
 * stays as it was. Runs again as often as wanted; each supersedes the last.
 */
export async function calculatePeriod(handle: DatabaseHandle, actor: Actor, periodId: number, options: CalculateOptions = {}): Promise<{ runId: number }> {
  assertCan({ actor }, 'commissions:run');
  const phaseDone = options.onPhase ?? (() => undefined);
  return handle.rawTransaction(async (session) => {
    await session.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const period = await lockPeriod(session, periodId);
    const status = nextPeriodStatus(period.status, 'calculate');
    await requireEarlierPeriodsCommitted(session, period);
    const { company, plan, planVersionId, loaded } = await prepareSnapshot(session, period);
    phaseDone('snapshot');
    const calculation = calculateOnNetwork(plan, loaded.snapshot);
    phaseDone('engine');
    const hasPan = await membersWithPan(session, loaded);

    // A superseded preview keeps its member outcomes (the next preview is compared with them), not its lines:
    // its partition is dropped at the end, so readers of other runs' lines are not held up meanwhile.
    const previous = await markPreviewsSuperseded(session, [period.id]);
    const [run] = await session.query<{ id: number }>(
      `INSERT INTO commission_runs (period_id, plan_version_id, status, input_hash, created_by, sequence, netted_refunds)
       VALUES ($1, $2, 'preview', $3, $4, (SELECT count(*) + 1 FROM commission_runs WHERE period_id = $1), $5) RETURNING id`,
      [period.id, planVersionId, loaded.inputHash, actor.id, loaded.nettedRefunds],
    );
    const runId = run!.id;

    const clawbacks = [
      ...await clawbackLines(session, period.id, new Set(plan.bonuses.filter((bonus) => bonus.type === 'retailProfit').map((bonus) => bonus.id))),
      ...await binaryClawbackLines(session, plan, loaded),
    ];
    const table = await createRunLinesTable(session, runId);
    const engineLines = await writeLines(session, table, runId, plan, calculation, loaded, clawbacks);
    await attachRunLines(session, table, runId);
    phaseDone('lines');
    const clawedBack = clawbacksByMember(clawbacks, loaded);
    const deductions = await writeMemberOutcomes(session, runId, plan, calculation, loaded, clawedBack, (member, earned) => deductionsOn(earned, hasPan[member] === 1, payoutRulesOf(company)));
    phaseDone('members');
    const lines = engineLines + clawbacks.length;
    const totals = runTotals(plan, calculation, lines, deductions);
    await session.query('UPDATE commission_runs SET totals = $2::jsonb, line_count = $3 WHERE id = $1', [runId, JSON.stringify(totals), lines]);
    await session.query('UPDATE periods SET status = $2 WHERE id = $1', [period.id, status]);
    await dropRunLines(session, previous);
    await writeAuditInSession(session, actor.label, {
      action: 'period.calculated', entity: 'period', entityId: period.id,
      after: { runId, inputHash: loaded.inputHash, planVersionId, paid: totals.paid, lines },
    });
    return { runId };
  });
}

export interface PreparedSnapshot {
  company: Company;
  plan: Plan;
  planVersionId: number;
  loaded: PeriodSnapshot;
}

/** The snapshot of a period with the plan version in force, rank history and carry from the committed runs before it. */
export async function prepareSnapshot(session: RawSession, period: PeriodRow): Promise<PreparedSnapshot> {
  const company = await companyIn(session);
  const { planVersionId, plan } = await planInForceIn(session, period.start_date);
  const earlierRuns = await earlierCommittedRuns(session, period.start_date, plan);
  const loaded = await loadPeriodSnapshot(session, { period, plan, planVersionId, company, earlierRuns });
  return { company, plan, planVersionId, loaded };
}

export async function lockPeriod(session: RawSession, periodId: number): Promise<PeriodRow> {
  const [period] = await session.query<PeriodRow>('SELECT * FROM periods WHERE id = $1 FOR UPDATE', [periodId]);
  if (!period) throw new SamoohError('PERIOD_NOT_FOUND', { period: String(periodId) });
  return period;
}

async function requireEarlierPeriodsCommitted(session: RawSession, period: PeriodRow): Promise<void> {
  const [earlier] = await session.query<{ start_date: string; status: string }>(
    `SELECT start_date, status FROM periods WHERE start_date < $1 AND status NOT IN ('committed', 'paid') ORDER BY start_date LIMIT 1`,
    [period.start_date],
  );
  if (earlier) throw new SamoohError('PREVIOUS_PERIOD_NOT_COMMITTED', { start: earlier.start_date, status: earlier.status });
}

async function planInForceIn(session: RawSession, date: string): Promise<{ planVersionId: number; plan: Plan }> {
  const [row] = await session.query<{ id: number; document: unknown }>(
    'SELECT id, document FROM plan_versions WHERE effective_from <= $1 ORDER BY effective_from DESC LIMIT 1',
    [date],
  );
  if (!row) throw new SamoohError('PLAN_NOT_IN_FORCE', { date });
  return { planVersionId: row.id, plan: validatePlan(row.document) };
}

async function membersWithPan(session: RawSession, loaded: PeriodSnapshot): Promise<Uint8Array> {
  const flags = new Uint8Array(loaded.snapshot.memberCount);
  const rows = await session.query<{ id: number }>('SELECT id FROM members WHERE pan IS NOT NULL');
  for (const { id } of rows) {
    const index = loaded.memberIndexOf(id);
    if (index !== NONE) flags[index] = 1;
  }
  return flags;
}

/**
 * A run's lines go into a table of their own, created in this transaction: no
 * index yet (it is built once over all the rows, a sort instead of an insertion
 * per line) and rows written frozen (no hint bits for the first reader to set).
 * The check on run_id lets attaching it as the run's partition skip a scan.
 */
async function createRunLinesTable(session: RawSession, runId: number): Promise<string> {
  const table = runLinesTable(runId);
  await session.exec(`CREATE TABLE ${table} (LIKE commission_lines INCLUDING DEFAULTS INCLUDING CONSTRAINTS, CHECK (run_id = ${Math.trunc(runId)}))`);
  return table;
}

/** Indexes the loaded lines and makes them the run's partition of commission_lines (readers are not blocked by the attach). */
async function attachRunLines(session: RawSession, table: string, runId: number): Promise<void> {
  await session.exec(`CREATE INDEX ${table}_payee_idx ON ${table} (run_id, payee_id, line_no)`);
  await session.exec(`ALTER TABLE commission_lines ATTACH PARTITION ${table} FOR VALUES IN (${Math.trunc(runId)})`);
}

const LINE_COLUMNS = [
  'run_id', 'line_no', 'payee_id', 'bonus', 'amount', 'source_member_id', 'source_order_id', 'level', 'paid_level', 'rate', 'base',
  'reverses_run_id', 'reverses_line_no',
] as const;

/**
 * One stored line in COPY binary format, its fields in LINE_COLUMNS order: the
 * same for the engine's lines and for clawbacks. Bonus and rate come as their
 * text's bytes, kept once per distinct value.
 */
function lineRow(
  out: BinaryCopyWriter, runId: number, lineNo: number, payeeId: number, bonus: Uint8Array, amount: number,
  sourceMemberId: number | null, sourceOrderId: number | null, level: number | null | undefined, paidLevel: number | null | undefined,
  rate: Uint8Array | null, base: number | null | undefined, reversesRunId: number | null, reversesLineNo: number | null,
): void {
  out.row(LINE_COLUMNS.length);
  out.int8(runId);
  out.int4(lineNo);
  out.int8(payeeId);
  out.bytes(bonus);
  out.int8(amount);
  out.int8OrNull(sourceMemberId);
  out.int8OrNull(sourceOrderId);
  out.int2OrNull(level);
  out.int2OrNull(paidLevel);
  out.bytesOrNull(rate);
  out.int8OrNull(base);
  if (reversesRunId === null || reversesLineNo === null) {
    out.null();
    out.null();
  } else {
    out.int8(reversesRunId);
    out.int4(reversesLineNo);
  }
}

/**
 * Writes the engine's lines, numbered in result order, then the clawbacks
 * after them, with one COPY in binary format. The engine streams lines in one
 * synchronous pass, so they are first gathered as compact columns (about 25
 * bytes a line); then each is explained and encoded only as the database asks
 * for more, so the rows never pile up in memory. The engine's lines are sent
 * by payee id, then line number: the order of the (run, payee, line) index,
 * so a payee's lines share pages (a statement reads few) and the index built
 * after the load sorts rows that are already in order. Returns the engine's
 * line count.
 */
async function writeLines(
  session: RawSession, table: string, runId: number, plan: Plan, calculation: Calculation, loaded: PeriodSnapshot, clawbacks: readonly ClawbackLine[],
): Promise<number> {
  const count = calculation.lineCount;
  const payee = new Int32Array(count), bonus = new Uint16Array(count), step = new Int32Array(count), ref = new Int32Array(count), amount = new Float64Array(count);
  let written = 0;
  forEachLine(calculation, (linePayee, lineBonus, lineStep, lineRef, lineAmount) => {
    payee[written] = linePayee;
    bonus[written] = lineBonus;
    step[written] = lineStep;
    ref[written] = lineRef;
    amount[written] = lineAmount;
    written += 1;
  });
  const { memberDbId, orderDbId } = loaded;
  const sequence = byPayeeId(payee, written, memberDbId);
  const texts = new TextBytesCache();
  const bonusText = plan.bonuses.map((planBonus) => texts.of(planBonus.id));
  const textOrNull = (text: string | null | undefined) => (text === null || text === undefined ? null : texts.of(text));
  const reused: LineDetail = { sourceMember: NONE, sourceOrder: NONE };
  function* rows(out: BinaryCopyWriter): Generator<void> {
    for (let position = 0; position < written; position += 1) {
      const line = sequence[position]!;
      const lineBonus = bonus[line]!, linePayee = payee[line]!;
      const detail = calculation.runs[lineBonus]!.explain(linePayee, step[line]!, ref[line]!, reused);
      lineRow(
        out, runId, line + 1, memberDbId[linePayee]!, bonusText[lineBonus]!, amount[line]!,
        detail.sourceMember === NONE ? null : memberDbId[detail.sourceMember]!, detail.sourceOrder === NONE ? null : orderDbId[detail.sourceOrder]!,
        detail.level, detail.paidLevel, textOrNull(detail.rate), detail.base, null, null,
      );
      if (out.full()) yield;
    }
    clawbacks.forEach((line, index) => lineRow(
      out, runId, written + index + 1, line.payeeId, texts.of(line.bonus), line.amount, line.sourceMemberId, line.sourceOrderId,
      line.level, line.paidLevel, textOrNull(line.rate), line.base, line.reversesRunId, line.reversesLineNo,
    ));
  }
  await session.copyFrom(table, LINE_COLUMNS, binaryCopy(rows), { freeze: true, binary: true });
  return written;
}

/** Line positions ordered by the payee's database id, in line order within a payee (a counting sort). */
function byPayeeId(payee: Int32Array, count: number, memberDbId: Float64Array): Int32Array {
  const memberCount = memberDbId.length;
  const rank = new Int32Array(memberCount);
  const byId = Int32Array.from({ length: memberCount }, (_, member) => member).sort((a, b) => memberDbId[a]! - memberDbId[b]!);
  byId.forEach((member, position) => (rank[member] = position));
  const start = new Int32Array(memberCount + 1);
  for (let line = 0; line < count; line += 1) start[rank[payee[line]!]! + 1]! += 1;
  for (let position = 0; position < memberCount; position += 1) start[position + 1]! += start[position]!;
  const sequence = new Int32Array(count);
  for (let line = 0; line < count; line += 1) sequence[start[rank[payee[line]!]!]!++] = line;
  return sequence;
}

/** Clawbacks per member index, in minor units (negative). */
function clawbacksByMember(clawbacks: readonly ClawbackLine[], loaded: PeriodSnapshot): Map<number, number> {
  const byMember = new Map<number, number>();
  for (const line of clawbacks) {
    const member = loaded.memberIndexOf(line.payeeId);
    byMember.set(member, (byMember.get(member) ?? 0) + line.amount);
  }
  return byMember;
}

interface DeductionTotals {
  earners: number;
  clawbacks: number;
  tds: number;
  fees: number;
}

const MEMBER_COLUMNS = ['run_id', 'member_id', 'pv', 'gv', 'active', 'rank', 'highest_rank', 'earned', 'tds', 'fee', 'carry_left', 'carry_right'] as const;

/** Stores each member with anything to show: volume, a rank, carry or earnings, with the deductions on the earnings. */
async function writeMemberOutcomes(
  session: RawSession, runId: number, plan: Plan, calculation: Calculation, loaded: PeriodSnapshot,
  clawedBack: ReadonlyMap<number, number>,
  deduct: (member: number, earned: number) => { tds: number; fee: number },
): Promise<DeductionTotals> {
  const outcome = memberOutcomes(calculation);
  const rankId = (rank: number) => (rank === NONE ? null : plan.ranks[rank]!.id);
  const points = (units: number) => units / VOLUME_SCALE;
  const totals: DeductionTotals = { earners: 0, clawbacks: 0, tds: 0, fees: 0 };
  function* rows(): Generator<CopyValue[]> {
    for (let member = 0; member < loaded.snapshot.memberCount; member += 1) {
      const clawback = clawedBack.get(member) ?? 0;
      const earned = outcome.earned[member]! + clawback;
      totals.clawbacks += clawback;
      const carryLeft = outcome.carryLeft?.[member] ?? 0, carryRight = outcome.carryRight?.[member] ?? 0;
      const shown = earned !== 0 || outcome.pv[member] !== 0 || outcome.gv[member] !== 0 || outcome.highestRank[member] !== NONE || carryLeft !== 0 || carryRight !== 0;
      if (!shown) continue;
      const { tds, fee } = deduct(member, earned);
      if (earned !== 0) totals.earners += 1;
      totals.tds += tds;
      totals.fees += fee;
      yield [
        runId, loaded.memberDbId[member]!, points(outcome.pv[member]!), points(outcome.gv[member]!), outcome.active[member] === 1,
        rankId(outcome.paidRank[member]!), rankId(outcome.highestRank[member]!), earned, tds, fee,
        outcome.carryLeft ? points(carryLeft) : null, outcome.carryRight ? points(carryRight) : null,
      ];
    }
  }
  await session.copyFrom('commission_run_members', MEMBER_COLUMNS, copyBuffers(rows()));
  return totals;
}

function runTotals(plan: Plan, calculation: Calculation, lines: number, deductions: DeductionTotals): RunTotals {
  const { paid, cv, byBonus, payoutRatio, capFactor } = planTotals(plan, calculation);
  return {
    paid,
    clawbacks: deductions.clawbacks,
    cv,
    byBonus,
    payoutRatio,
    capFactor,
    earners: deductions.earners,
    lines,
    tds: deductions.tds,
    fees: deductions.fees,
    net: paid + deductions.clawbacks - deductions.tds - deductions.fees,
  };
}
