import type { Language } from '../../db/schema.ts';
import { assertMayReadEarnings } from '../auth/member-access.ts';
import { SamoohError } from '../../errors.ts';
import { translate } from '../../i18n/i18n.ts';
import type { RequestContext } from '../context.ts';
import { requireMember, type MemberRef } from '../members/find-member.ts';
import { formatMoney } from './money-format.ts';

export interface StatementLine {
  lineNo: number;
  bonus: string;
  amount: number;
  source: { member: string | null; order: string | null };
  level: number | null;
  paidLevel: number | null;
  rate: string | null;
  base: number | null;
  reverses: { period: string; lineNo: number } | null;
  explanation: string;
}

export interface Statement {
  member: { id: number; code: string; name: string };
  period: { id: number; start: string; end: string; status: string };
  currency: string;
  /** The committed run, or the latest preview (then `preview` is true); null before any run. */
  run: { id: number; status: string; preview: boolean } | null;
  lines: StatementLine[];
  gross: number;
  tds: number;
  fee: number;
  net: number;
}

/** A member's commission statement for a period: every line explained in the reader's language, the deductions, and the net. */
export async function getStatement(ctx: RequestContext, ref: MemberRef, periodId: number): Promise<Statement> {
  const member = await requireMember(ctx.db, ref);
  await assertMayReadEarnings(ctx, member);
  const period = await ctx.db.selectFrom('periods').selectAll().where('id', '=', periodId).executeTakeFirst();
  if (!period) throw new SamoohError('PERIOD_NOT_FOUND', { period: String(periodId) });
  const { currency } = await ctx.db.selectFrom('company').select('currency').executeTakeFirstOrThrow();
  const run = await ctx.db
    .selectFrom('commission_runs')
    .select(['id', 'status'])
    .where('period_id', '=', periodId)
    .where('status', 'in', ['committed', 'approved', 'preview'])
    .orderBy('sequence', 'desc')
    .limit(1)
    .executeTakeFirst();
  const base = {
    member: { id: member.id, code: member.code, name: member.name },
    period: { id: period.id, start: period.start_date, end: period.end_date, status: period.status },
    currency,
  };
  if (!run) return { ...base, run: null, lines: [], gross: 0, tds: 0, fee: 0, net: 0 };

  const rows = await ctx.db
    .selectFrom('commission_lines as l')
    .leftJoin('members as s', 's.id', 'l.source_member_id')
    .leftJoin('orders as o', 'o.id', 'l.source_order_id')
    .leftJoin('commission_runs as rr', 'rr.id', 'l.reverses_run_id')
    .leftJoin('periods as rp', 'rp.id', 'rr.period_id')
    .select(['l.line_no', 'l.bonus', 'l.amount', 's.code as source_code', 'o.number as order_number', 'l.level', 'l.paid_level', 'l.rate', 'l.base', 'l.reverses_line_no', 'rp.start_date as reverses_period'])
    .where('l.run_id', '=', run.id)
    .where('l.payee_id', '=', member.id)
    .orderBy('l.line_no')
    .execute();
  const outcome = await ctx.db.selectFrom('commission_run_members').select(['earned', 'tds', 'fee']).where('run_id', '=', run.id).where('member_id', '=', member.id).executeTakeFirst();
  const lines = rows.map((row): StatementLine => {
    const line = {
      lineNo: row.line_no,
      bonus: row.bonus,
      amount: row.amount,
      source: { member: row.source_code, order: row.order_number },
      level: row.level,
      paidLevel: row.paid_level,
      rate: row.rate,
      base: row.base,
      reverses: row.reverses_line_no === null ? null : { period: row.reverses_period!, lineNo: row.reverses_line_no },
    };
    return { ...line, explanation: explainLine(ctx.language, currency, line) };
  });
  const gross = outcome?.earned ?? 0, tds = outcome?.tds ?? 0, fee = outcome?.fee ?? 0;
  return { ...base, run: { id: run.id, status: run.status, preview: run.status !== 'committed' }, lines, gross, tds, fee, net: gross - tds - fee };
}

/** One line in words: where it came from, at which level, at what rate of what base. */
export function explainLine(language: Language, currency: string, line: Omit<StatementLine, 'explanation'>): string {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(language, `statement.${key}`, params);
  const parts: string[] = [];
  if (line.reverses) parts.push(t('reverses', { line: line.reverses.lineNo, period: line.reverses.period }));
  if (line.source.order) parts.push(t('fromOrder', { order: line.source.order, source: line.source.member }));
  else if (line.source.member) parts.push(t('fromMember', { source: line.source.member }));
  if (line.level !== null) parts.push(t('level', { level: line.level }));
  if (line.paidLevel !== null && line.paidLevel !== line.level) parts.push(t('paidLevel', { paidLevel: line.paidLevel }));
  if (line.rate !== null && line.base !== null) parts.push(t('rate', { rate: line.rate, base: formatMoney(language, currency, line.base) }));
  return parts.join(', ');
}
