import { Button, Group, NumberInput, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { Stat } from '../../../components/Stat.tsx';
import { api } from '../../../lib/api.ts';
import type { Simulation } from '../../../lib/types.ts';
import { useFormat } from '../../../lib/use-format.ts';
import { PlanChoice, planFields, type PlanPick } from './PlanChoice.tsx';

const SeriesChart = lazy(() => import('../../../charts/SeriesChart.tsx'));

/** The example assumptions (examples/simulation-assumptions.yaml) as a starting point. Shares are percentages, amounts paise. */
const EXAMPLE_ASSUMPTIONS = {
  initialDistributors: 50,
  recruitsPerDistributor: 0.35,
  churn: '4%',
  customerShare: '65%',
  preferredShare: '40%',
  buying: {
    distributor: { ordersPerMonth: 1.0, cv: 90, qv: 100, amount: 12000 },
    preferred: { ordersPerMonth: 0.9, cv: 55, amount: 7500, wholesaleShare: '85%' },
    retail: { ordersPerMonth: 0.5, cv: 45, amount: 6500, wholesaleShare: '78%' },
  },
};

type Source = 'assumptions' | 'history';

/** Assumptions as typed: a JSON object, or the reason it is not one. */
function parseAssumptions(text: string): { value: Record<string, unknown> } | { error: true } {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? { value: value as Record<string, unknown> } : { error: true };
  } catch {
    return { error: true };
  }
}

/**
 * Forward simulation: the real engine run month by month on a network grown from assumptions
 * (or from rates measured on the company's own history). Seeded: the same inputs give the same months.
 */
export function SimulatePage() {
  const { t } = useTranslation();
  const [plan, setPlan] = useState<PlanPick>({ kind: 'version', planVersion: null });
  const [source, setSource] = useState<Source>('assumptions');
  const [assumptions, setAssumptions] = useState(JSON.stringify(EXAMPLE_ASSUMPTIONS, null, 2));
  const [months, setMonths] = useState<number>(12);
  const [seed, setSeed] = useState<number>(1);
  const simulate = useMutation({ mutationFn: (body: object) => api<Simulation>('POST', '/api/simulations', body) });
  const fields = planFields(plan);
  const parsed = source === 'assumptions' ? parseAssumptions(assumptions) : null;
  const invalid = parsed !== null && 'error' in parsed;
  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        {t('planlab.simulate.title')}
      </Title>
      <Text c="dimmed">{t('planlab.simulate.intro')}</Text>
      <Paper withBorder p="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!fields || invalid) return;
            simulate.mutate({ ...fields, months, seed, ...(parsed && 'value' in parsed ? { assumptions: parsed.value } : { fromHistory: true }) });
          }}
        >
          <Stack>
            <PlanChoice value={plan} onChange={setPlan} />
            <SegmentedControl
              value={source}
              onChange={(value) => setSource(value as Source)}
              data={[
                { value: 'assumptions', label: t('planlab.simulate.fromAssumptions') },
                { value: 'history', label: t('planlab.simulate.fromHistory') },
              ]}
              aria-label={t('planlab.simulate.source')}
            />
            {source === 'assumptions' && (
              <Textarea
                label={t('planlab.simulate.assumptions')}
                description={t('planlab.simulate.assumptionsHelp')}
                autosize
                minRows={8}
                maxRows={20}
                styles={{ input: { fontFamily: 'monospace' } }}
                value={assumptions}
                onChange={(event) => setAssumptions(event.currentTarget.value)}
                error={invalid ? t('planlab.simulate.notJson') : undefined}
              />
            )}
            <Group grow>
              <NumberInput label={t('planlab.simulate.months')} min={1} max={36} value={months} onChange={(value) => setMonths(Number(value) || 1)} />
              <NumberInput label={t('planlab.simulate.seed')} min={0} value={seed} onChange={(value) => setSeed(Number(value) || 0)} />
            </Group>
            <Group>
              <Button type="submit" disabled={!fields || invalid} loading={simulate.isPending}>
                {t('planlab.simulate.run')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {simulate.error && <ErrorState error={simulate.error} />}
      {simulate.isPending && <Loading label={t('planlab.simulate.running')} />}
      {simulate.data && <SimulationResult result={simulate.data} />}
    </Stack>
  );
}

function SimulationResult({ result }: { result: Simulation }) {
  const { t } = useTranslation();
  const { money, percent, count, date } = useFormat();
  const months = result.months;
  const last = months[months.length - 1];
  if (!last) return null;
  const labels = months.map((month) => date(month.start));
  return (
    <Stack gap="lg" data-testid="simulation-result">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Stat label={t('planlab.simulate.members')} value={count(last.members)} testId="simulation-members" />
        <Stat label={t('planlab.simulate.actives')} value={count(last.actives)} />
        <Stat label={t('planlab.simulate.payoutRatio')} value={percent(last.payoutRatio)} />
        <Stat label={t('planlab.simulate.earningNothing')} value={percent(last.income.shareEarningNothing)} />
      </SimpleGrid>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('planlab.simulate.growth')}
        </Title>
        <Suspense fallback={<Loading label={t('common.loadingChart')} />}>
          <SeriesChart
            label={t('planlab.simulate.growth')}
            categories={labels}
            format={(value) => count(value)}
            series={[
              { name: t('planlab.simulate.members'), type: 'line', data: months.map((month) => month.members), color: '#0b7a5c' },
              { name: t('planlab.simulate.actives'), type: 'line', data: months.map((month) => month.actives), color: '#1c7ed6' },
              { name: t('planlab.simulate.joined'), type: 'bar', data: months.map((month) => month.joined), color: '#99e9d6' },
            ]}
          />
        </Suspense>
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('planlab.simulate.honesty')}
        </Title>
        <Suspense fallback={<Loading label={t('common.loadingChart')} />}>
          <SeriesChart
            label={t('planlab.simulate.honesty')}
            categories={labels}
            format={(value) => percent(value)}
            series={[
              { name: t('planlab.simulate.payoutRatio'), type: 'line', data: months.map((month) => month.payoutRatio), color: '#e8590c' },
              { name: t('planlab.simulate.earningNothing'), type: 'line', data: months.map((month) => month.income.shareEarningNothing), color: '#868e96' },
              { name: t('planlab.simulate.earningMoreThanSpent'), type: 'line', data: months.map((month) => month.income.shareEarningMoreThanSpent), color: '#0b7a5c' },
            ]}
          />
        </Suspense>
      </Paper>
      <Table.ScrollContainer minWidth={720}>
        <Table striped data-testid="simulation-months">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('planlab.simulate.month')}</Table.Th>
              <Table.Th ta="right">{t('planlab.simulate.members')}</Table.Th>
              <Table.Th ta="right">{t('planlab.simulate.actives')}</Table.Th>
              <Table.Th ta="right">{t('planlab.simulate.paid')}</Table.Th>
              <Table.Th ta="right">{t('planlab.simulate.payoutRatio')}</Table.Th>
              <Table.Th ta="right">{t('planlab.simulate.median')}</Table.Th>
              <Table.Th ta="right">{t('planlab.simulate.earningNothing')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {months.map((month) => (
              <Table.Tr key={month.month}>
                <Table.Td>{date(month.start)}</Table.Td>
                <Table.Td ta="right">{count(month.members)}</Table.Td>
                <Table.Td ta="right">{count(month.actives)}</Table.Td>
                <Table.Td ta="right">{money(month.paid)}</Table.Td>
                <Table.Td ta="right">{percent(month.payoutRatio)}</Table.Td>
                <Table.Td ta="right">{money(month.income.median)}</Table.Td>
                <Table.Td ta="right">{percent(month.income.shareEarningNothing)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
