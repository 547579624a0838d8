import { Anchor, Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../../../components/States.tsx';
import { get } from '../../../lib/api.ts';
import { isFinal, periodsQuery } from '../../../lib/queries.ts';
import { useFormat } from '../../../lib/use-format.ts';
import { Fact } from '../ui.tsx';
import { usePercent } from './figures.tsx';
import { PeriodSelect } from './PeriodSelect.tsx';
import type { IncomeDisclosure } from './types.ts';

type Statistics = IncomeDisclosure['company'];

/** The address of the statement over a range, as JSON, CSV or a printable page, in a chosen language. */
export function disclosureUrl(format: 'json' | 'csv' | 'html', from: number, to: number, language?: string): string {
  const query = new URLSearchParams({ from: String(from), to: String(to), ...(language ? { language } : {}) });
  return `/api/compliance/income-disclosure${format === 'json' ? '' : `.${format}`}?${query}`;
}

/** The income disclosure statement over a chosen range of committed periods: the table, its CSV and its printable page in English or Hindi. */
export function DisclosurePanel() {
  const { t, i18n } = useTranslation();
  const periods = useQuery(periodsQuery);
  const [range, setRange] = useState<{ from: number | null; to: number | null }>({ from: null, to: null });
  const [language, setLanguage] = useState(i18n.language === 'hi' ? 'hi' : 'en');
  if (periods.isPending) return <Loading />;
  if (periods.error) return <ErrorState error={periods.error} onRetry={() => void periods.refetch()} />;
  const final = periods.data.filter(isFinal);
  if (final.length === 0) return <Empty>{t('admin.compliance.noCommittedPeriod')}</Empty>;
  const from = range.from ?? final[0]!.id;
  const to = range.to ?? final[0]!.id;
  return (
    <Stack gap="md">
      <Paper withBorder p="sm" radius="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <PeriodSelect periods={final} value={from} onChange={(id) => setRange({ ...range, from: id })} label={t('admin.compliance.from')} testId="disclosure-from" />
          <PeriodSelect periods={final} value={to} onChange={(id) => setRange({ ...range, to: id })} label={t('admin.compliance.to')} testId="disclosure-to" />
        </Group>
        <Group gap="sm" mt="sm" align="center" wrap="wrap">
          <Text size="sm" id="disclosure-language">
            {t('admin.compliance.statementLanguage')}
          </Text>
          <SegmentedControl
            size="xs"
            aria-labelledby="disclosure-language"
            value={language}
            onChange={setLanguage}
            data={[
              { value: 'en', label: 'English' },
              { value: 'hi', label: 'हिन्दी' },
            ]}
            data-testid="disclosure-language"
          />
          <Anchor href={disclosureUrl('csv', from, to, language)} download data-testid="disclosure-csv" size="sm">
            {t('admin.compliance.disclosureCsv')}
          </Anchor>
          <Anchor href={disclosureUrl('html', from, to, language)} target="_blank" rel="noopener" data-testid="disclosure-print" size="sm">
            {t('admin.compliance.disclosure')}
          </Anchor>
        </Group>
      </Paper>
      <Statement from={from} to={to} />
    </Stack>
  );
}

function Statement({ from, to }: { from: number; to: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const percent = usePercent();
  const disclosure = useQuery({ queryKey: ['admin', 'compliance', 'disclosure', from, to, f.lang], queryFn: () => get<IncomeDisclosure>(disclosureUrl('json', from, to)) });
  if (disclosure.isPending) return <Loading />;
  if (disclosure.error) return <ErrorState error={disclosure.error} />;
  const d = disclosure.data;
  const money = (minor: number) => f.money(minor, d.currency);
  const row = (key: string, label: string, stats: Statistics, sharePercent: number, earnedNothingPercent: number) => (
    <Table.Tr key={key} data-testid={`disclosure-row-${key}`}>
      <Table.Td fw={600}>{label}</Table.Td>
      <Table.Td className="num">{f.count(stats.count)}</Table.Td>
      <Table.Td className="num">{percent(sharePercent)}</Table.Td>
      <Table.Td className="num">{`${f.count(stats.earnedNothing)} (${percent(earnedNothingPercent)})`}</Table.Td>
      <Table.Td className="num">{money(stats.mean)}</Table.Td>
      <Table.Td className="num">{money(stats.median)}</Table.Td>
      <Table.Td className="num">{money(stats.percentiles.p10)}</Table.Td>
      <Table.Td className="num">{money(stats.percentiles.p25)}</Table.Td>
      <Table.Td className="num">{money(stats.percentiles.p75)}</Table.Td>
      <Table.Td className="num">{money(stats.percentiles.p90)}</Table.Td>
      <Table.Td className="num">{money(stats.minimum)}</Table.Td>
      <Table.Td className="num">{money(stats.maximum)}</Table.Td>
    </Table.Tr>
  );
  return (
    <Stack gap="md" data-testid="disclosure">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Fact label={t('admin.compliance.range')}>{`${f.date(d.range.start)} – ${f.date(d.range.end)}`}</Fact>
        <Fact label={t('admin.compliance.participants')} testId="disclosure-participants">
          {f.count(d.participants)}
        </Fact>
        <Fact label={t('admin.compliance.earnedNothing')} testId="disclosure-earned-nothing">
          {`${f.count(d.earnedNothing)} · ${percent(d.earnedNothingPercent)}`}
        </Fact>
        <Fact label={t('admin.compliance.activeParticipants')}>{f.count(d.activeParticipants)}</Fact>
      </SimpleGrid>
      <Table.ScrollContainer minWidth={960}>
        <Table striped horizontalSpacing="xs" data-testid="disclosure-table">
          <Table.Thead>
            <Table.Tr>
              {(['rank', 'count', 'share', 'earnedNothing', 'mean', 'median', 'p10', 'p25', 'p75', 'p90', 'minimum', 'maximum'] as const).map((column) => (
                <Table.Th key={column} className={column === 'rank' ? undefined : 'num'}>
                  {t(`admin.compliance.column.${column}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.byRank.map((rank) => row(rank.rank ?? '-', rank.rank ?? t('admin.compliance.noRank'), rank, rank.sharePercent, rank.earnedNothingPercent))}
            {row('all', t('admin.compliance.allParticipants'), d.company, 100, d.earnedNothingPercent)}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h5" mb="xs">
          {t('admin.compliance.totals')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <Fact label={t('admin.compliance.committedGross')}>{money(d.totals.committedGross)}</Fact>
          <Fact label={t('admin.compliance.participantsGross')}>{money(d.totals.participantsGross)}</Fact>
          <Fact label={t('admin.compliance.outsideParticipants', { count: d.totals.outsideParticipants.members })}>{money(d.totals.outsideParticipants.gross)}</Fact>
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h5" mb="xs">
          {t('admin.compliance.definitions')}
        </Title>
        <Stack gap={4}>
          {d.activity.map((rule) => (
            <Text key={`${rule.planId}-${rule.version}`} size="sm">
              {t('admin.compliance.activityRule', { plan: rule.planId, version: rule.version, pv: f.volume(rule.minPV) })}
            </Text>
          ))}
          {Object.entries(d.definitions).map(([key, text]) => (
            <Text key={key} size="sm" data-testid={`definition-${key}`}>
              {text}
            </Text>
          ))}
        </Stack>
      </Paper>
    </Stack>
  );
}
