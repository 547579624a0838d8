import { Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { Stat } from '../../../components/Stat.tsx';
import { api } from '../../../lib/api.ts';
import { CHANGE_BUCKETS as BUCKETS } from '../../../../../server/src/services/planlab/change-buckets.ts';
import { isFinal, periodsQuery } from '../../../lib/queries.ts';
import type { WhatIf } from '../../../lib/types.ts';
import { useFormat } from '../../../lib/use-format.ts';
import { PlanChoice, planFields, type PlanPick } from './PlanChoice.tsx';

const SeriesChart = lazy(() => import('../../../charts/SeriesChart.tsx'));


/**
 * What-if: a committed period run again with another plan (a draft or a stored version).
 * Nothing is written: the ledger and the committed run stay as they are.
 */
export function WhatIfPage() {
  const { t } = useTranslation();
  const periods = useQuery(periodsQuery);
  const committed = (periods.data ?? []).filter(isFinal);
  const { period: formatPeriod } = useFormat();
  const [periodId, setPeriodId] = useState<string | null>(null);
  const [plan, setPlan] = useState<PlanPick>({ kind: 'version', planVersion: null });
  const run = useMutation({ mutationFn: ({ period, body }: { period: string; body: object }) => api<WhatIf>('POST', `/api/periods/${period}/whatif`, body) });
  const fields = planFields(plan);
  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        {t('planlab.whatIf.title')}
      </Title>
      <Text c="dimmed">{t('planlab.whatIf.intro')}</Text>
      <Paper withBorder p="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (periodId && fields) run.mutate({ period: periodId, body: fields });
          }}
        >
          <Stack>
            <Select
              label={t('planlab.whatIf.period')}
              placeholder={periods.isPending ? t('common.loading') : committed.length === 0 ? t('planlab.whatIf.noCommitted') : t('planlab.choose')}
              data={committed.map((period) => ({ value: String(period.id), label: formatPeriod(period.start, period.end) }))}
              value={periodId}
              onChange={setPeriodId}
            />
            <PlanChoice value={plan} onChange={setPlan} />
            <Group>
              <Button type="submit" disabled={!periodId || !fields} loading={run.isPending}>
                {t('planlab.whatIf.run')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {run.error && <ErrorState error={run.error} />}
      {run.isPending && <Loading label={t('planlab.whatIf.running')} />}
      {run.data && <WhatIfResult result={run.data} />}
    </Stack>
  );
}

function WhatIfResult({ result }: { result: WhatIf }) {
  const { t } = useTranslation();
  const { money, percent, count } = useFormat();
  const bonuses = [...new Set([...Object.keys(result.before.byBonus), ...Object.keys(result.after.byBonus)])].sort();
  const rupees = (value: number) => money(Math.round(value * 100)).replace(/\.00$/, '');
  const signed = (minor: number) => (minor > 0 ? `+${money(minor)}` : money(minor));
  return (
    <Stack gap="lg" data-testid="whatif-result">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Stat label={t('planlab.whatIf.paidBefore')} value={money(result.before.paid)} />
        <Stat label={t('planlab.whatIf.paidAfter')} value={money(result.after.paid)} testId="whatif-paid-after" />
        <Stat label={t('planlab.whatIf.change')} value={signed(result.change.paid)} testId="whatif-change" />
        <Stat label={t('planlab.whatIf.payoutRatio')} value={`${percent(result.before.payoutRatio)} → ${percent(result.after.payoutRatio)}`} />
      </SimpleGrid>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('planlab.whatIf.byBonus')}
        </Title>
        <Suspense fallback={<Loading label={t('common.loadingChart')} />}>
          <SeriesChart
            label={t('planlab.whatIf.byBonus')}
            categories={bonuses}
            format={rupees}
            series={[
              { name: t('planlab.whatIf.before', { plan: result.before.plan, version: result.before.version }), type: 'bar', data: bonuses.map((bonus) => (result.before.byBonus[bonus] ?? 0) / 100), color: '#adb5bd' },
              { name: t('planlab.whatIf.after', { plan: result.after.plan, version: result.after.version }), type: 'bar', data: bonuses.map((bonus) => (result.after.byBonus[bonus] ?? 0) / 100), color: '#0b7a5c' },
            ]}
          />
        </Suspense>
        <Table mt="sm" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('planlab.whatIf.bonus')}</Table.Th>
              <Table.Th ta="right">{t('planlab.whatIf.paidBefore')}</Table.Th>
              <Table.Th ta="right">{t('planlab.whatIf.paidAfter')}</Table.Th>
              <Table.Th ta="right">{t('planlab.whatIf.change')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {bonuses.map((bonus) => (
              <Table.Tr key={bonus}>
                <Table.Td>{bonus}</Table.Td>
                <Table.Td ta="right">{money(result.before.byBonus[bonus] ?? 0)}</Table.Td>
                <Table.Td ta="right">{money(result.after.byBonus[bonus] ?? 0)}</Table.Td>
                <Table.Td ta="right">{signed(result.change.byBonus[bonus] ?? 0)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          {t('planlab.whatIf.members')}
        </Title>
        <Text size="sm" mb="sm" data-testid="whatif-members">
          {t('planlab.whatIf.membersSummary', { compared: count(result.members.compared), winners: count(result.members.winners), losers: count(result.members.losers), unchanged: count(result.members.unchanged) })}
        </Text>
        <Suspense fallback={<Loading label={t('common.loadingChart')} />}>
          <SeriesChart
            label={t('planlab.whatIf.distribution')}
            categories={BUCKETS.map((bucket) => t(`planlab.bucket.${bucket}`))}
            format={(value) => count(value)}
            series={[{ name: t('planlab.whatIf.distribution'), type: 'bar', data: BUCKETS.map((bucket) => result.members.buckets[bucket] ?? 0), color: '#1c7ed6' }]}
          />
        </Suspense>
        <Text size="sm" mt="sm">
          {t('planlab.whatIf.percentiles', {
            p10: signed(result.members.changePercentiles.p10),
            p50: signed(result.members.changePercentiles.p50),
            p90: signed(result.members.changePercentiles.p90),
          })}
        </Text>
      </Paper>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <ChangeTable title={t('planlab.whatIf.topWinners')} rows={result.members.topWinners} />
        <ChangeTable title={t('planlab.whatIf.topLosers')} rows={result.members.topLosers} />
      </SimpleGrid>
    </Stack>
  );
}

function ChangeTable({ title, rows }: { title: string; rows: WhatIf['members']['topWinners'] }) {
  const { t } = useTranslation();
  const { money } = useFormat();
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('planlab.whatIf.nobody')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={320}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('planlab.whatIf.member')}</Table.Th>
                <Table.Th ta="right">{t('planlab.whatIf.paidBefore')}</Table.Th>
                <Table.Th ta="right">{t('planlab.whatIf.paidAfter')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.memberId}>
                  <Table.Td>
                    {row.name} <Text span c="dimmed" size="xs">{row.code}</Text>
                  </Table.Td>
                  <Table.Td ta="right">{money(row.before)}</Table.Td>
                  <Table.Td ta="right">{money(row.after)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
