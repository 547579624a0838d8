import { sql } from 'kysely';
import type { Language } from '../../db/schema.ts';
import { translate } from '../../i18n/i18n.ts';
import { assertCan } from '../auth/permissions.ts';
import { getCompany } from '../company/get-company.ts';
import type { RequestContext } from '../context.ts';
import { committedRange, type CommittedRange } from './committed-periods.ts';
import { earningsStatistics, sharePercent, type EarningsStatistics } from './earnings-statistics.ts';

export interface RankGroup extends EarningsStatistics {
  /** The paid-as rank, or null for participants who held no rank in the range. */
  rank: string | null;
  /** Share of all participants, percent with two decimals. */
  sharePercent: number;
  earnedNothingPercent: number;
}

export interface IncomeDisclosure {
  range: { from: number; to: number; start: string; end: string; periods: { id: number; start: string; end: string }[] };
  currency: string;
  participants: number;
  earnedNothing: number;
  earnedNothingPercent: number;
  /** Participants active in at least one period of the range. */
  activeParticipants: number;
  activity: { planId: string; version: number; minPV: number }[];
  company: EarningsStatistics;
  byRank: RankGroup[];
  /** Everything committed for the range, and the part paid to accounts that are not participants. */
  totals: { committedGross: number; participantsGross: number; outsideParticipants: { members: number; gross: number } };
  definitions: { participant: string; gross: string; earnedNothing: string; rank: string; active: string; percentiles: string; expenses: string };
}

/**
 * The income disclosure statement for the committed periods from `fromId` to `toId`:
 * every participant counted, including those who earned nothing, and their gross
 * earnings by paid-as rank. docs/compliance.md defines each figure.
 */
export async function incomeDisclosure(ctx: RequestContext, fromId: number, toId: number): Promise<IncomeDisclosure> {
  assertCan(ctx, 'compliance:read');
  const company = await getCompany(ctx.db);
  const range = await committedRange(ctx.db, fromId, toId);
  const runIds = range.periods.map((period) => period.runId);
  const { rows: members } = await sql<{ id: number; participant: boolean; gross: number; ranks: string[] | null; active: boolean }>`
    WITH participants AS (
      SELECT m.id FROM members m
       WHERE m.type = 'distributor' AND m.sponsor_id IS NOT NULL
         AND (m.joined_at AT TIME ZONE ${company.time_zone})::date <= ${range.end}::date
         AND (m.upgraded_at IS NULL OR (m.upgraded_at AT TIME ZONE ${company.time_zone})::date <= ${range.end}::date)
         AND (m.terminated_at IS NULL OR (m.terminated_at AT TIME ZONE ${company.time_zone})::date > ${range.end}::date)
    ), earnings AS (
      SELECT member_id, sum(earned)::bigint AS gross, array_agg(rank) FILTER (WHERE rank IS NOT NULL) AS ranks, bool_or(active) AS active
        FROM commission_run_members WHERE run_id = ANY(${sql.val(runIds)}::bigint[])
       GROUP BY member_id
    )
    SELECT coalesce(p.id, e.member_id) AS id, p.id IS NOT NULL AS participant, coalesce(e.gross, 0)::bigint AS gross, e.ranks, coalesce(e.active, false) AS active
      FROM participants p FULL JOIN earnings e ON e.member_id = p.id`.execute(ctx.db);
  const rows = members.filter((row) => row.participant);
  const outside = members.filter((row) => !row.participant && row.gross !== 0);
  const committedGross = members.reduce((sum, row) => sum + row.gross, 0);

  const order = rankOrder(range);
  const byRank = new Map<string | null, number[]>();
  let active = 0;
  const amounts: number[] = [];
  for (const row of rows) {
    const rank = highestRank(row.ranks ?? [], order);
    const group = byRank.get(rank) ?? [];
    group.push(row.gross);
    byRank.set(rank, group);
    amounts.push(row.gross);
    if (row.active) active += 1;
  }
  const companyStats = earningsStatistics(amounts);
  const groups = [...byRank.entries()]
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : order.indexOf(a) - order.indexOf(b)))
    .map(([rank, group]): RankGroup => {
      const stats = earningsStatistics(group);
      return { rank, ...stats, sharePercent: sharePercent(stats.count, rows.length), earnedNothingPercent: sharePercent(stats.earnedNothing, stats.count) };
    });
  const activity = [...range.plans.values()].map((entry) => ({ planId: entry.planId, version: entry.version, minPV: entry.plan.activity.minPV }));
  return {
    range: { from: fromId, to: toId, start: range.start, end: range.end, periods: range.periods.map(({ id, start, end }) => ({ id, start, end })) },
    currency: company.currency,
    participants: rows.length,
    earnedNothing: companyStats.earnedNothing,
    earnedNothingPercent: sharePercent(companyStats.earnedNothing, rows.length),
    activeParticipants: active,
    activity,
    company: companyStats,
    byRank: groups,
    totals: { committedGross, participantsGross: companyStats.total, outsideParticipants: { members: outside.length, gross: committedGross - companyStats.total } },
    definitions: disclosureDefinitions(ctx.language),
  };
}

const DEFINITION_KEYS = ['participant', 'gross', 'earnedNothing', 'rank', 'active', 'percentiles', 'expenses'] as const;

/** The definitions the statement states, in the reader's language. */
export function disclosureDefinitions(language: Language): IncomeDisclosure['definitions'] {
  return Object.fromEntries(DEFINITION_KEYS.map((key) => [key, translate(language, `compliance.disclosure.definitions.${key}`)])) as IncomeDisclosure['definitions'];
}

/** Rank ids lowest first: the last period's plan, below it any ranks only earlier plans knew. */
function rankOrder(range: CommittedRange): string[] {
  const order: string[] = [];
  const versions = range.periods.map((period) => range.plans.get(period.planVersionId)!).reverse();
  for (const [index, { plan }] of versions.entries()) {
    const unknown = plan.ranks.map((rank) => rank.id).filter((id) => !order.includes(id));
    if (index === 0) order.push(...unknown);
    else order.unshift(...unknown);
  }
  return order;
}

function highestRank(ranks: readonly string[], order: readonly string[]): string | null {
  let best: string | null = null;
  for (const rank of ranks) if (best === null || order.indexOf(rank) > order.indexOf(best)) best = rank;
  return best;
}
