import { Anchor, Badge, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { lazy, Suspense, useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { Stat } from '../components/Stat.tsx';
import { projectionQuery, useEarningsHistory } from '../lib/queries.ts';
import { useMe } from '../lib/session.ts';
import type { Need, Projection } from '../lib/types.ts';
import { useFormat } from '../lib/use-format.ts';
import { ProjectedByBonus } from './dashboard/ProjectedByBonus.tsx';

const EarningsChart = lazy(() => import('../charts/EarningsChart.tsx'));

export function Dashboard() {
  const { t } = useTranslation();
  const me = useMe().data;
  const memberId = me?.user.memberId ?? null;
  if (memberId === null) return <StaffHome />;
  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        {t('dashboard.title')}
      </Title>
      <Standing memberId={memberId} />
      <EarningsHistory memberId={memberId} />
      <Text size="xs" c="dimmed">
        {t('dashboard.honesty')}
      </Text>
    </Stack>
  );
}

function StaffHome() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('staff.title')}
      </Title>
      <Text>{t('staff.text')}</Text>
      <Group>
        <Anchor component={Link} to="/admin">
          {t('nav.admin')}
        </Anchor>
        <Anchor href="/api/docs">{t('staff.apiDocs')}</Anchor>
      </Group>
    </Stack>
  );
}

function Standing({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const projection = useQuery(projectionQuery(memberId));
  if (projection.isPending) return <Loading />;
  if (projection.error) return <ErrorState error={projection.error} onRetry={() => void projection.refetch()} />;
  const p = projection.data;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="baseline" gap="xs">
        <Text fw={600}>{t('dashboard.period', { period: f.period(p.period.start, p.period.end) })}</Text>
        <Text size="xs" c="dimmed">
          {p.updatedAt ? t('dashboard.updated', { at: f.dateTime(p.updatedAt) }) : t('dashboard.notRefreshed')}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        <Stat label={t('figures.pv')} value={f.volume(p.pv)} testId="pv" />
        <Stat label={t('figures.gv')} value={f.volume(p.gv)} testId="gv" />
        <Stat
          label={t('figures.status')}
          value={
            <Badge color={p.active ? 'teal' : 'gray'} size="lg" variant="light" data-testid="active">
              {p.active ? t('status.active') : t('status.inactive')}
            </Badge>
          }
        />
        <Stat label={t('figures.paidAs')} value={p.rank ?? t('rank.none')} testId="rank" />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <Stat label={t('figures.projected')} value={f.money(p.projectedEarnings)} hint={t('dashboard.projectedHint')} testId="projected" />
        <Stat label={t('figures.legs')} value={`${f.volume(p.leftVolume)} · ${f.volume(p.rightVolume)}`} hint={t('dashboard.legsHint')} testId="legs" />
      </SimpleGrid>
      <ProjectedByBonus projection={p} />
      <RankCard projection={p} />
    </Stack>
  );
}

/** "What I still need": each requirement of the next rank, how far along, and what is missing. */
function RankCard({ projection }: { projection: Projection }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { nextRank, needs } = projection.progress;
  return (
    <Paper withBorder p="md" radius="md" aria-labelledby="rank-card-title">
      <Title order={2} size="h4" id="rank-card-title">
        {t('rankCard.title')}
      </Title>
      {nextRank === null ? (
        <Text mt="xs">{t('rankCard.top')}</Text>
      ) : (
        <Stack gap="sm" mt="xs">
          <Text>{t('rankCard.next', { rank: nextRank })}</Text>
          {needs.length === 0 && <Text c="teal.8">{t('rankCard.allMet')}</Text>}
          {needs.map((need, index) => (
            <NeedRow key={`${need.requirement}-${index}`} need={need} format={f} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function NeedRow({ need, format }: { need: Need; format: ReturnType<typeof useFormat> }) {
  const { t } = useTranslation();
  const show = (value: number) => (need.requirement === 'pv' || need.requirement === 'gv' || need.requirement === 'rollingGv' ? format.volume(value) : format.count(value));
  const share = need.required > 0 ? Math.min(100, (need.current / need.required) * 100) : 100;
  return (
    <div data-testid={`need-${need.requirement}`}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={600}>
          {t(`needs.${need.requirement}`, { rank: need.rank ?? '' })}
        </Text>
        <Text size="sm" className="figure">
          {show(need.current)} / {show(need.required)}
        </Text>
      </Group>
      <Progress value={share} color={need.missing <= 0 ? 'teal' : 'orange'} aria-label={t(`needs.${need.requirement}`, { rank: need.rank ?? '' })} mt={4} />
      {need.missing > 0 && (
        <Text size="xs" c="dimmed">
          {t('rankCard.missing', { amount: show(need.missing) })}
          {need.maxLegShare ? ` · ${t('rankCard.legShare', { share: need.maxLegShare })}` : ''}
        </Text>
      )}
    </div>
  );
}

function EarningsHistory({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const history = useEarningsHistory(memberId);
  const points = useMemo(() => history.items.map((s) => ({ label: f.period(s.period.start, s.period.end), gross: s.gross, net: s.net })), [history.items, f.lang]);
  const labels = useMemo(() => ({ gross: t('statement.gross'), net: t('statement.net') }), [t]);
  const money = useCallback((minor: number) => f.money(minor), [f.lang]);
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4">
        {t('dashboard.history')}
      </Title>
      {history.isPending ? (
        <Loading />
      ) : history.error ? (
        <ErrorState error={history.error} />
      ) : points.length === 0 ? (
        <Empty>{t('dashboard.noHistory')}</Empty>
      ) : (
        <>
          <Suspense fallback={<Loading label={t('common.loadingChart')} />}>
            <EarningsChart points={points} labels={labels} money={money} />
          </Suspense>
          <Table mt="sm" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('statement.period')}</Table.Th>
                <Table.Th className="num">{t('statement.gross')}</Table.Th>
                <Table.Th className="num">{t('statement.net')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {points.map((point) => (
                <Table.Tr key={point.label}>
                  <Table.Td>{point.label}</Table.Td>
                  <Table.Td className="num">{f.money(point.gross)}</Table.Td>
                  <Table.Td className="num">{f.money(point.net)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Paper>
  );
}
