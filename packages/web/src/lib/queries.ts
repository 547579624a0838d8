import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { get } from './api.ts';
import type { DownlineStatistics, Member, Period, Projection, Statement } from './types.ts';

export const projectionQuery = (member: number | string) => queryOptions({ queryKey: ['projection', member], queryFn: () => get<Projection>(`/api/members/${member}/projection`) });
export const memberQuery = (member: number | string) => queryOptions({ queryKey: ['member', member], queryFn: () => get<Member>(`/api/members/${member}`) });
export const periodsQuery = queryOptions({ queryKey: ['periods'], queryFn: () => get<{ items: Period[] }>('/api/periods').then((answer) => answer.items) });
export const statementQuery = (member: number, period: number) =>
  queryOptions({ queryKey: ['statement', member, period], queryFn: () => get<Statement>(`/api/members/${member}/statement?period=${period}`) });
export const statisticsQuery = (member: number, maxLevels: number) =>
  queryOptions({ queryKey: ['downline-statistics', member, maxLevels], queryFn: () => get<DownlineStatistics>(`/api/members/${member}/downline-statistics?tree=sponsor&maxLevels=${maxLevels}`) });

/** Periods whose commissions are posted to the ledger: these have final statements. */
export const isFinal = (period: Period) => period.status === 'committed' || period.status === 'paid';

/** The member's statements of the last `count` committed periods, oldest first: the earnings history. */
export function useEarningsHistory(member: number, count = 6) {
  const periods = useQuery(periodsQuery);
  const final = (periods.data ?? []).filter(isFinal).slice(0, count).reverse();
  const statements = useQueries({ queries: final.map((period) => statementQuery(member, period.id)) });
  return {
    isPending: periods.isPending || statements.some((query) => query.isPending),
    error: periods.error ?? statements.find((query) => query.error)?.error ?? null,
    items: statements.flatMap((query) => (query.data ? [query.data] : [])),
  };
}
