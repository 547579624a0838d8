import { Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { api, get } from '../../lib/api.ts';
import { periodsQuery } from '../../lib/queries.ts';
import type { Period } from '../../lib/types.ts';
import { useFormat } from '../../lib/use-format.ts';
import { useCan } from './access.ts';
import type { Run, RunPreview } from './types.ts';
import { AdminPage, ConfirmAction, Fact, StatusBadge } from './ui.tsx';

/** Pay periods, newest first, each with its state; a period opens to its runs and actions. */
export function PeriodsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const periods = useQuery(periodsQuery);
  return (
    <AdminPage title={t('admin.periods.title')}>
      {periods.isPending ? (
        <Loading />
      ) : periods.error ? (
        <ErrorState error={periods.error} onRetry={() => void periods.refetch()} />
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table striped data-testid="periods">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.periods.period')}</Table.Th>
                <Table.Th>{t('admin.periods.status')}</Table.Th>
                <Table.Th>{t('admin.periods.next')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {periods.data.map((period) => (
                <Table.Tr key={period.id}>
                  <Table.Td>
                    <Link to="/admin/periods/$periodId" params={{ periodId: String(period.id) }} data-testid={`period-${period.id}`}>
                      {f.period(period.start, period.end)}
                    </Link>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={period.status} />
                  </Table.Td>
                  <Table.Td>{period.actions.map((action) => t(`admin.periods.action.${action}`, { defaultValue: action })).join(' · ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </AdminPage>
  );
}

const runsQuery = (periodId: number) => ({ queryKey: ['admin', 'runs', periodId], queryFn: () => get<{ items: Run[] }>(`/api/periods/${periodId}/runs`).then((answer) => answer.items) });
const runQuery = (runId: number) => ({ queryKey: ['admin', 'run', runId], queryFn: () => get<RunPreview>(`/api/runs/${runId}`) });

/** One period: what can be done with it now, and its latest run with everything needed to judge it. */
export function PeriodPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const can = useCan();
  const queryClient = useQueryClient();
  const periodId = Number(useParams({ strict: false }).periodId);
  const periods = useQuery(periodsQuery);
  // Staff who may not see commissions (support) still see the period, without its runs.
  const seesRuns = can('commissions:read');
  const runs = useQuery({ ...runsQuery(periodId), enabled: seesRuns });
  const latest = runs.data?.find((run) => run.status !== 'superseded');
  const run = useQuery({ ...runQuery(latest?.id ?? 0), enabled: latest !== undefined });
  const period = periods.data?.find((candidate) => candidate.id === periodId);

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['periods'] });
    await queryClient.invalidateQueries({ queryKey: ['admin'] });
    // Wallets and statements change when a period is committed or reopened.
    await queryClient.invalidateQueries({ queryKey: ['statement'] });
  };
  const calculate = useMutation({ mutationFn: () => api<RunPreview>('POST', `/api/periods/${periodId}/calculate`), onSuccess: refresh });
  const approve = useMutation({ mutationFn: (runId: number) => api<Run>('POST', `/api/runs/${runId}/approve`), onSuccess: refresh });
  const close = useMutation({ mutationFn: () => api<Period>('POST', `/api/periods/${periodId}/close`, {}), onSuccess: refresh });

  if (periods.isPending || runs.isLoading) return <Loading />;
  if (periods.error) return <ErrorState error={periods.error} />;
  if (!period) return <Empty>{t('admin.periods.notFound')}</Empty>;
  const label = f.period(period.start, period.end);
  const totals = run.data?.totals;
  const does = (action: string) => period.actions.includes(action);
  const failure = calculate.error ?? approve.error ?? close.error;

  return (
    <AdminPage
      title={t('admin.periods.heading', { period: label })}
      actions={
        <Button component={Link} to="/admin/periods" variant="subtle" size="xs">
          {t('admin.periods.all')}
        </Button>
      }
    >
      <Group gap="sm">
        <Text>{t('admin.periods.status')}</Text>
        <StatusBadge status={period.status} testId="period-status" />
      </Group>
      <Group gap="sm" data-testid="period-actions">
        {does('close') && can('periods:write') && (
          <Button variant="light" onClick={() => close.mutate()} loading={close.isPending} data-testid="close-period">
            {t('admin.periods.action.close')}
          </Button>
        )}
        {does('calculate') && can('commissions:run') && (
          <Button onClick={() => calculate.mutate()} loading={calculate.isPending} data-testid="calculate">
            {latest ? t('admin.periods.recalculate') : t('admin.periods.action.calculate')}
          </Button>
        )}
        {does('approve') && can('commissions:run') && latest?.status === 'preview' && (
          <Button color="orange" onClick={() => approve.mutate(latest.id)} loading={approve.isPending} data-testid="approve">
            {t('admin.periods.action.approve')}
          </Button>
        )}
        {does('commit') && can('commissions:run') && latest?.status === 'approved' && totals && (
          <ConfirmAction
            label={t('admin.periods.action.commit')}
            title={t('admin.periods.commitTitle', { period: label })}
            confirmLabel={t('admin.periods.commitConfirm', { amount: f.money(totals.paid + totals.clawbacks) })}
            color="teal"
            testId="commit"
            onConfirm={async () => {
              await api<Run>('POST', `/api/runs/${latest.id}/commit`);
              await refresh();
            }}
          >
            <Text>{t('admin.periods.commitWhat', { amount: f.money(totals.paid + totals.clawbacks), earners: f.count(totals.earners), lines: f.count(totals.lines) })}</Text>
            <Text size="sm" c="dimmed">
              {t('admin.periods.commitTax', { tds: f.money(totals.tds), fees: f.money(totals.fees), net: f.money(totals.net) })}
            </Text>
          </ConfirmAction>
        )}
        {does('pay') && can('periods:write') && (
          <ConfirmAction
            label={t('admin.periods.action.pay')}
            title={t('admin.periods.payTitle', { period: label })}
            confirmLabel={t('admin.periods.payConfirm')}
            color="green"
            testId="pay"
            onConfirm={async () => {
              await api<Period>('POST', `/api/periods/${periodId}/pay`, {});
              await refresh();
            }}
          >
            <Text>{t('admin.periods.payWhat', { net: f.money(totals?.net ?? 0), earners: f.count(totals?.earners ?? 0) })}</Text>
            <Text size="sm" c="dimmed">
              {t('admin.periods.payNote')}
            </Text>
          </ConfirmAction>
        )}
        {does('reopen') && can('periods:write') && (
          <ConfirmAction
            label={t('admin.periods.action.reopen')}
            title={t('admin.periods.reopenTitle', { period: label })}
            confirmLabel={t('admin.periods.reopenConfirm')}
            color="red"
            variant="light"
            testId="reopen"
            reason={{ label: t('admin.common.reason'), required: period.status === 'committed' }}
            onConfirm={async (reason) => {
              await api<Period>('POST', `/api/periods/${periodId}/reopen`, reason ? { reason } : {});
              await refresh();
            }}
          >
            <Text>{period.status === 'committed' && totals ? t('admin.periods.reopenCommitted', { amount: f.money(totals.paid + totals.clawbacks), earners: f.count(totals.earners) }) : t('admin.periods.reopenWhat')}</Text>
          </ConfirmAction>
        )}
      </Group>
      {failure && <ErrorState error={failure} />}
      {!seesRuns ? null : runs.error ? (
        <ErrorState error={runs.error} />
      ) : !latest ? (
        <Empty>{t('admin.periods.noRun')}</Empty>
      ) : run.isPending ? (
        <Loading />
      ) : run.error ? (
        <ErrorState error={run.error} />
      ) : (
        <RunView run={run.data} />
      )}
      {runs.data && runs.data.length > 0 && <RunHistory runs={runs.data} />}
    </AdminPage>
  );
}

/** A run's totals by bonus, payout ratio, cap factor, top earners and what changed since the previous preview. */
function RunView({ run }: { run: RunPreview }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { totals } = run;
  const percent = (value: number) => `${f.volume(Math.round(value * 10_000) / 100)}%`;
  return (
    <Stack gap="md" data-testid="run">
      <Group gap="sm">
        <Title order={2} size="h4">
          {t('admin.periods.run', { sequence: run.sequence })}
        </Title>
        <StatusBadge status={run.status} testId="run-status" />
      </Group>
      <Paper withBorder p="md" radius="md">
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Fact label={t('admin.periods.paid')} testId="run-paid">
            {f.money(totals.paid)}
          </Fact>
          <Fact label={t('admin.periods.clawbacks')}>{f.money(totals.clawbacks)}</Fact>
          <Fact label={t('admin.periods.payoutRatio')} testId="run-ratio">
            {percent(totals.payoutRatio)}
          </Fact>
          <Fact label={t('admin.periods.capFactor')} testId="run-cap">
            {f.volume(totals.capFactor)}
          </Fact>
          <Fact label={t('admin.periods.earners')} testId="run-earners">
            {f.count(totals.earners)}
          </Fact>
          <Fact label={t('admin.periods.cv')}>{f.volume(totals.cv)}</Fact>
          <Fact label={t('admin.periods.tds')}>{f.money(totals.tds)}</Fact>
          <Fact label={t('admin.periods.net')} testId="run-net">
            {f.money(totals.net)}
          </Fact>
        </SimpleGrid>
      </Paper>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md" radius="md">
          <Title order={3} size="h5" mb="xs">
            {t('admin.periods.byBonus')}
          </Title>
          <Table data-testid="by-bonus">
            <Table.Tbody>
              {Object.entries(totals.byBonus).map(([bonus, amount]) => (
                <Table.Tr key={bonus}>
                  <Table.Td>{bonus}</Table.Td>
                  <Table.Td className="num">{f.money(amount)}</Table.Td>
                  <Table.Td className="num">{run.previous ? signed(f.money, run.previous.byBonusChange[bonus] ?? 0) : ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Title order={3} size="h5" mb="xs">
            {t('admin.periods.topEarners')}
          </Title>
          <Table data-testid="top-earners">
            <Table.Tbody>
              {run.topEarners.map((earner) => (
                <Table.Tr key={earner.memberId}>
                  <Table.Td>
                    <Link to="/admin/members/$ref" params={{ ref: earner.code }}>
                      {earner.code}
                    </Link>
                  </Table.Td>
                  <Table.Td>{earner.name}</Table.Td>
                  <Table.Td>{earner.rank ?? '—'}</Table.Td>
                  <Table.Td className="num">{f.money(earner.earned)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      </SimpleGrid>
      <Paper withBorder p="md" radius="md" data-testid="run-difference">
        <Title order={3} size="h5" mb="xs">
          {t('admin.periods.difference')}
        </Title>
        {run.previous ? (
          <Stack gap="xs">
            <Text>{t('admin.periods.differenceSummary', { change: signed(f.money, run.previous.paidChange), members: f.count(run.previous.membersChanged) })}</Text>
            {run.previous.largestChanges.length > 0 && (
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('admin.members.code')}</Table.Th>
                    <Table.Th>{t('admin.periods.before')}</Table.Th>
                    <Table.Th>{t('admin.periods.after')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {run.previous.largestChanges.map((change) => (
                    <Table.Tr key={change.memberId}>
                      <Table.Td>
                        <Link to="/admin/members/$ref" params={{ ref: change.code }}>
                          {change.code}
                        </Link>
                      </Table.Td>
                      <Table.Td className="num">{f.money(change.before)}</Table.Td>
                      <Table.Td className="num">{f.money(change.after)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {t('admin.periods.firstPreview')}
          </Text>
        )}
      </Paper>
    </Stack>
  );
}

const signed = (money: (minor: number) => string, minor: number) => (minor > 0 ? `+${money(minor)}` : money(minor));

function RunHistory({ runs }: { runs: Run[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={3} size="h5" mb="xs">
        {t('admin.periods.history')}
      </Title>
      <Table.ScrollContainer minWidth={480}>
        <Table data-testid="runs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.periods.runNo')}</Table.Th>
              <Table.Th>{t('admin.periods.status')}</Table.Th>
              <Table.Th>{t('admin.periods.calculatedAt')}</Table.Th>
              <Table.Th>{t('admin.periods.paid')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.map((run) => (
              <Table.Tr key={run.id}>
                <Table.Td>{run.sequence}</Table.Td>
                <Table.Td>
                  <StatusBadge status={run.status} />
                </Table.Td>
                <Table.Td>{f.dateTime(run.createdAt)}</Table.Td>
                <Table.Td className="num">{f.money(run.totals.paid)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

