import { Button, Group, NumberInput, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/States.tsx';
import { get } from '../../lib/api.ts';
import { useFormat } from '../../lib/use-format.ts';
import { monthRange } from './months.ts';
import type { Retention, SelfReliance } from './types.ts';
import { AdminPage, QueryView, TableHead } from './ui.tsx';

const SeriesChart = lazy(() => import('../../charts/SeriesChart.tsx'));

const DEFAULT_THRESHOLD = 100_000;
/** The self-reliance report's measures, each a count of participants, in the order the chart and the table show them. */
const EARNED = ['earnedSomething', 'earnedMoreThanSpent', 'earnedAtLeastThreshold'] as const;
const LATER = ['activeAfter3', 'activeAfter6', 'activeAfter12'] as const;
const COLORS = ['#0b7a5c', '#e8590c', '#1c7ed6'];

/** A share of a whole, or nothing when the whole is nothing. */
export const shareOf = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** The company's reports: whether distributors earn more than they spend (self-reliance), and whether new distributors stay (retention). */
export function ReportsPage() {
  const { t } = useTranslation();
  return (
    <AdminPage title={t('admin.reports.title')}>
      <SelfRelianceReport />
      <RetentionReport />
    </AdminPage>
  );
}

function SelfRelianceReport() {
  const { t } = useTranslation();
  const f = useFormat();
  const [threshold, setThreshold] = useState(DEFAULT_THRESHOLD);
  const [rupees, setRupees] = useState<string | number>(DEFAULT_THRESHOLD / 100);
  const report = useQuery({ queryKey: ['admin', 'self-reliance', threshold], queryFn: () => get<SelfReliance>(`/api/reports/self-reliance?threshold=${threshold}`) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = typeof rupees === 'number' ? rupees : Number(rupees);
    if (Number.isFinite(value) && value >= 0) setThreshold(Math.round(value * 100));
  };
  const percent = (part: number, whole: number) => {
    const share = shareOf(part, whole);
    return share === null ? t('admin.common.none') : f.percent(share);
  };
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('admin.reports.selfReliance')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('admin.reports.selfRelianceHint')}
        </Text>
        <form onSubmit={submit}>
          <Group align="flex-end" wrap="wrap">
            <NumberInput label={t('admin.reports.threshold')} value={rupees} onChange={setRupees} min={0} max={10_000_000_000} decimalScale={2} prefix="₹" thousandSeparator="," thousandsGroupStyle="lakh" style={{ maxWidth: 220 }} data-testid="threshold" />
            <Button type="submit" variant="light">
              {t('admin.reports.apply')}
            </Button>
          </Group>
        </form>
        <QueryView query={report} isEmpty={(data) => data.items.length === 0} empty={t('admin.reports.noPeriods')}>
          {(data) => (
          <>
            <Suspense fallback={<Loading label={t('common.loadingChart')} />}>
              <SeriesChart
                label={t('admin.reports.selfReliance')}
                categories={data.items.map((row) => f.period(row.from, row.to))}
                format={(value) => f.percent(value)}
                series={EARNED.map((key, index) => ({
                  name: t(`admin.reports.${key}`, { amount: f.money(data.threshold) }),
                  type: 'bar' as const,
                  data: data.items.map((row) => shareOf(row[key], row.participants) ?? 0),
                  color: COLORS[index]!,
                }))}
              />
            </Suspense>
            <Table.ScrollContainer minWidth={620}>
              <Table striped data-testid="self-reliance">
                <TableHead
                  columns={[
                    t('admin.reports.period'),
                    ...(['participants', ...EARNED] as const).map((key) => ({ label: t(`admin.reports.${key}`, { amount: f.money(data.threshold) }), num: true })),
                  ]}
                />
                <Table.Tbody>
                  {data.items.map((row) => (
                    <Table.Tr key={row.periodId} data-testid={`self-reliance-${row.periodId}`}>
                      <Table.Td>{f.period(row.from, row.to)}</Table.Td>
                      <Table.Td className="num">{f.count(row.participants)}</Table.Td>
                      {EARNED.map((key) => (
                        <Table.Td key={key} className="num">{`${f.count(row[key])} (${percent(row[key], row.participants)})`}</Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
          )}
        </QueryView>
      </Stack>
    </Paper>
  );
}

function RetentionReport() {
  const { t } = useTranslation();
  const f = useFormat();
  const [by, setBy] = useState<'company' | 'region'>('company');
  const report = useQuery({ queryKey: ['admin', 'retention', by], queryFn: () => get<Retention>(`/api/reports/retention${by === 'region' ? '?by=region' : ''}`) });
  const cell = (active: number | null, joined: number) => {
    if (active === null) return t('admin.reports.notYet');
    const share = shareOf(active, joined);
    return share === null ? f.count(active) : `${f.count(active)} (${f.percent(share)})`;
  };
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Title order={2} size="h4">
            {t('admin.reports.retention')}
          </Title>
          <SegmentedControl
            value={by}
            onChange={(value) => setBy(value as 'company' | 'region')}
            data={[
              { value: 'company', label: t('admin.reports.wholeCompany') },
              { value: 'region', label: t('admin.reports.byRegion') },
            ]}
            data-testid="retention-by"
          />
        </Group>
        <Text size="sm" c="dimmed">
          {t('admin.reports.retentionHint')}
        </Text>
        <QueryView query={report} isEmpty={(data) => data.items.length === 0} empty={t('admin.reports.noCohorts')}>
          {({ items }) => (
          <>
            {by === 'company' && (
              <Suspense fallback={<Loading label={t('common.loadingChart')} />}>
                <SeriesChart
                  label={t('admin.reports.retention')}
                  categories={items.map((row) => f.period(...monthRange(row.cohort)))}
                  format={(value) => f.percent(value)}
                  series={LATER.map((key, index) => ({
                    name: t(`admin.reports.${key}`),
                    type: 'line' as const,
                    data: items.map((row) => (row[key] === null ? Number.NaN : (shareOf(row[key]!, row.newDistributors) ?? 0))),
                    color: COLORS[index]!,
                  }))}
                />
              </Suspense>
            )}
            <Table.ScrollContainer minWidth={620}>
              <Table striped data-testid="retention">
                <TableHead
                  columns={[
                    t('admin.reports.cohort'),
                    by === 'region' ? t('admin.reports.region') : null,
                    ...(['newDistributors', ...LATER] as const).map((key) => ({ label: t(`admin.reports.${key}`), num: true })),
                  ]}
                />
                <Table.Tbody>
                  {items.map((row) => (
                    <Table.Tr key={`${row.cohort}-${row.region ?? ''}`}>
                      <Table.Td>{f.period(...monthRange(row.cohort))}</Table.Td>
                      {by === 'region' && <Table.Td>{row.region || t('admin.reports.noRegion')}</Table.Td>}
                      <Table.Td className="num">{f.count(row.newDistributors)}</Table.Td>
                      {LATER.map((key) => (
                        <Table.Td key={key} className="num">
                          {cell(row[key], row.newDistributors)}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
          )}
        </QueryView>
      </Stack>
    </Paper>
  );
}
