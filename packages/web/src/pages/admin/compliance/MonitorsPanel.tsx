import { Alert, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../../components/AnchorLink.tsx';
import { Empty, ErrorState, Loading } from '../../../components/States.tsx';
import { api, get } from '../../../lib/api.ts';
import { isFinal, periodsQuery } from '../../../lib/queries.ts';
import { useFormat } from '../../../lib/use-format.ts';
import { useCan } from '../access.ts';
import { Fact } from '../ui.tsx';
import { ShareBar, usePercent, Verdict } from './figures.tsx';
import { PeriodSelect } from './PeriodSelect.tsx';
import { settingsQuery } from './queries.ts';
import type { ComplianceSettings, Monitors, Scan } from './types.ts';

/** Pick a closed period, see its compliance figures against the thresholds, and scan it to store the flags. */
export function MonitorsPanel() {
  const { t } = useTranslation();
  const periods = useQuery(periodsQuery);
  const [chosen, setChosen] = useState<number | null>(null);
  if (periods.isPending) return <Loading />;
  if (periods.error) return <ErrorState error={periods.error} onRetry={() => void periods.refetch()} />;
  // An open period is still taking orders: its figures would move under the scan.
  const closed = periods.data.filter((period) => period.status !== 'open');
  if (closed.length === 0) return <Empty>{t('admin.compliance.noClosedPeriod')}</Empty>;
  const periodId = chosen ?? (closed.find(isFinal) ?? closed[0]!).id;
  return (
    <Stack gap="md">
      <PeriodSelect periods={closed} value={periodId} onChange={(id) => id !== null && setChosen(id)} label={t('admin.compliance.period')} testId="monitor-period" />
      <PeriodMonitors key={periodId} periodId={periodId} />
    </Stack>
  );
}

function PeriodMonitors({ periodId }: { periodId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const can = useCan();
  const queryClient = useQueryClient();
  const monitors = useQuery({ queryKey: ['admin', 'compliance', 'monitors', periodId], queryFn: () => get<Monitors>(`/api/compliance/periods/${periodId}/monitors`) });
  const settings = useQuery(settingsQuery);
  const scan = useMutation({
    mutationFn: () => api<Scan>('POST', `/api/compliance/periods/${periodId}/scan`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'compliance'] }),
  });
  if (monitors.isPending || settings.isPending) return <Loading />;
  if (monitors.error || settings.error) return <ErrorState error={monitors.error ?? settings.error} onRetry={() => void monitors.refetch()} />;
  const m = monitors.data;
  const s = settings.data;
  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Stack gap={2}>
            <Text size="sm" data-testid="last-scan">
              {m.lastScan ? t('admin.compliance.lastScan', { at: f.dateTime(m.lastScan.at), by: m.lastScan.by }) : t('admin.compliance.neverScanned')}
            </Text>
            <Text size="sm" c="dimmed" data-testid="would-flag">
              {t('admin.compliance.wouldFlag', { count: m.wouldFlag })}
            </Text>
          </Stack>
          {can('compliance:manage') && (
            <Button onClick={() => scan.mutate()} loading={scan.isPending} data-testid="scan">
              {t('admin.compliance.scan')}
            </Button>
          )}
        </Group>
        {scan.data && (
          <Alert color="teal" mt="sm" data-testid="scan-result">
            <Text size="sm">{t('admin.compliance.scanned', { raised: scan.data.flags.raised, added: scan.data.flags.added, dropped: scan.data.flags.dropped })}</Text>
            <FlagsLink periodId={periodId}>{t('admin.compliance.seeFlags')}</FlagsLink>
          </Alert>
        )}
        {scan.error && (
          <Alert color="red" mt="sm" role="alert">
            {scan.error.message}
          </Alert>
        )}
      </Paper>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <CustomerShare monitors={m} settings={s} periodId={periodId} />
        <PersonalShare monitors={m} settings={s} periodId={periodId} />
        <InventoryLoading monitors={m} settings={s} periodId={periodId} />
        <Refunds monitors={m} settings={s} periodId={periodId} />
      </SimpleGrid>
      <Payout monitors={m} settings={s} />
    </Stack>
  );
}

function FlagsLink({ periodId, kind, children }: { periodId: number; kind?: string; children: ReactNode }) {
  return (
    <AnchorLink to="/admin/compliance/$tab" params={{ tab: 'flags' }} search={{ period: periodId, ...(kind ? { kind } : {}) }} size="sm">
      {children}
    </AnchorLink>
  );
}

function Monitor({ title, verdict, testId, children }: { title: string; verdict: 'ok' | 'warning' | 'alert' | 'unmeasured'; testId: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" data-testid={testId}>
      <Group justify="space-between" gap="xs" mb="xs" wrap="wrap">
        <Title order={2} size="h5">
          {title}
        </Title>
        <Verdict level={verdict} testId={`${testId}-verdict`} />
      </Group>
      <Stack gap="xs">{children}</Stack>
    </Paper>
  );
}

interface MonitorProps {
  monitors: Monitors;
  settings: ComplianceSettings;
  periodId: number;
}

function CustomerShare({ monitors, settings, periodId }: MonitorProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const percent = usePercent();
  const share = monitors.customerShare;
  const verdict = share.totalCv === 0 ? 'unmeasured' : share.customerSharePercent < settings.customerShareAlertBelowPercent ? 'alert' : share.customerSharePercent < settings.customerShareWarnBelowPercent ? 'warning' : 'ok';
  return (
    <Monitor title={t('admin.compliance.monitors.customerShare')} verdict={verdict} testId="monitor-customer-share">
      <Text size="xl" fw={700} className="num" data-testid="customer-share">
        {percent(share.customerSharePercent)}
      </Text>
      <ShareBar
        value={share.customerSharePercent}
        color={verdict === 'alert' ? 'red' : verdict === 'warning' ? 'yellow' : 'teal'}
        label={t('admin.compliance.monitors.customerShare')}
        marks={[
          { at: settings.customerShareAlertBelowPercent, color: 'var(--mantine-color-red-7)', label: t('admin.compliance.marks.alertBelow', { value: percent(settings.customerShareAlertBelowPercent) }) },
          { at: settings.customerShareWarnBelowPercent, color: 'var(--mantine-color-yellow-7)', label: t('admin.compliance.marks.warnBelow', { value: percent(settings.customerShareWarnBelowPercent) }) },
        ]}
      />
      <SimpleGrid cols={3} spacing="xs">
        <Fact label={t('admin.compliance.figure.customerCv')}>{f.volume(share.customerCv)}</Fact>
        <Fact label={t('admin.compliance.figure.participantCv')}>{f.volume(share.participantCv)}</Fact>
        <Fact label={t('admin.compliance.figure.totalCv')}>{f.volume(share.totalCv)}</Fact>
      </SimpleGrid>
      <Text size="sm" data-testid="groups">
        {t('admin.compliance.groups', { measured: share.groupsMeasured, flagged: share.groupsFlagged, min: f.volume(settings.groupMinCv) })}
      </Text>
      {share.groupsFlagged > 0 && <FlagsLink periodId={periodId} kind="group_customer_share">{t('admin.compliance.seeGroupFlags')}</FlagsLink>}
    </Monitor>
  );
}

function PersonalShare({ monitors, settings, periodId }: MonitorProps) {
  const { t } = useTranslation();
  const percent = usePercent();
  const q = monitors.rankQualifiers;
  return (
    <Monitor title={t('admin.compliance.monitors.personalShare')} verdict={!q.measured ? 'unmeasured' : q.flagged > 0 ? 'warning' : 'ok'} testId="monitor-personal-share">
      {q.measured ? (
        <Text size="sm">{t('admin.compliance.qualifiers', { qualifiers: q.qualifiers, flagged: q.flagged })}</Text>
      ) : (
        <Text size="sm" c="dimmed">
          {t('admin.compliance.qualifiersUnmeasured')}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {t('admin.compliance.marks.personalShare', { value: percent(settings.personalShareWarnAtPercent) })}
      </Text>
      {q.flagged > 0 && <FlagsLink periodId={periodId} kind="personal_purchase_share">{t('admin.compliance.seeFlags')}</FlagsLink>}
    </Monitor>
  );
}

function InventoryLoading({ monitors, settings, periodId }: MonitorProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const percent = usePercent();
  const loading = monitors.inventoryLoading;
  const rows = [
    { kind: 'inventory_loading', count: loading.aboveTrailingAverage, rule: t('admin.compliance.marks.loading', { multiple: f.volume(settings.loadingMultiple), periods: settings.trailingPeriods }) },
    { kind: 'purchase_spike', count: loading.spikes, rule: t('admin.compliance.marks.spike', { share: percent(settings.spikeShareWarnAtPercent), days: settings.spikeDays }) },
    { kind: 'seventy_percent_rule', count: loading.seventyPercentRule, rule: t('admin.compliance.marks.seventy', { share: percent(settings.soldShareMinPercent) }) },
  ];
  return (
    <Monitor title={t('admin.compliance.monitors.inventoryLoading')} verdict={rows.some((row) => row.count > 0) ? 'warning' : 'ok'} testId="monitor-inventory-loading">
      {rows.map((row) => (
        <div key={row.kind}>
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm">{t(`admin.compliance.kind.${row.kind}`)}</Text>
            <Text size="sm" fw={700} className="num">
              {f.count(row.count)}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {row.rule}
          </Text>
          {row.count > 0 && <FlagsLink periodId={periodId} kind={row.kind}>{t('admin.compliance.seeFlags')}</FlagsLink>}
        </div>
      ))}
      <Text size="xs" c="dimmed">
        {t('admin.compliance.marks.purchaseMin', { cv: f.volume(settings.purchaseMinCv) })}
      </Text>
    </Monitor>
  );
}

function Refunds({ monitors, settings }: MonitorProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const percent = usePercent();
  const refunds = monitors.refunds;
  const verdict = refunds.orderAmount === 0 ? 'unmeasured' : refunds.refundRatePercent > settings.refundRateWarnAbovePercent ? 'warning' : 'ok';
  return (
    <Monitor title={t('admin.compliance.monitors.refunds')} verdict={verdict} testId="monitor-refunds">
      <Group gap="lg" wrap="wrap">
        <Fact label={t('admin.compliance.figure.refundRatePercent')} testId="refund-rate">
          {percent(refunds.refundRatePercent)}
        </Fact>
        <Fact label={t('admin.compliance.figure.buyBackRatePercent')}>{percent(refunds.buyBackRatePercent)}</Fact>
      </Group>
      <ShareBar
        value={refunds.refundRatePercent}
        max={Math.max(20, settings.refundRateWarnAbovePercent * 2)}
        color={verdict === 'warning' ? 'yellow' : 'teal'}
        label={t('admin.compliance.figure.refundRatePercent')}
        marks={[{ at: settings.refundRateWarnAbovePercent, color: 'var(--mantine-color-yellow-7)', label: t('admin.compliance.marks.warnAbove', { value: percent(settings.refundRateWarnAbovePercent) }) }]}
      />
      <SimpleGrid cols={3} spacing="xs">
        <Fact label={t('admin.compliance.figure.orderAmount')}>{f.money(refunds.orderAmount)}</Fact>
        <Fact label={t('admin.compliance.figure.refundAmount')}>{f.money(refunds.refundAmount)}</Fact>
        <Fact label={t('admin.compliance.figure.buyBackAmount')}>{f.money(refunds.buyBackAmount)}</Fact>
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {refunds.coolingOffDays === null ? t('admin.compliance.coolingOffUnset') : t('admin.compliance.coolingOff', { count: refunds.coolingOffDays })}
      </Text>
    </Monitor>
  );
}

function Payout({ monitors, settings }: Omit<MonitorProps, 'periodId'>) {
  const { t } = useTranslation();
  const f = useFormat();
  const percent = usePercent();
  const payout = monitors.payout;
  if (!payout) {
    return (
      <Monitor title={t('admin.compliance.monitors.payout')} verdict="unmeasured" testId="monitor-payout">
        <Text size="sm" c="dimmed">
          {t('admin.compliance.payoutCommittedOnly')}
        </Text>
      </Monitor>
    );
  }
  const verdict = payout.payoutRatioPercent > settings.payoutRatioWarnAbovePercent ? 'warning' : 'ok';
  return (
    <Monitor title={t('admin.compliance.monitors.payout')} verdict={verdict} testId="monitor-payout">
      <Group gap="lg" wrap="wrap">
        <Fact label={t('admin.compliance.figure.payoutRatioPercent')} testId="payout-ratio">
          {percent(payout.payoutRatioPercent)}
        </Fact>
        <Fact label={t('admin.compliance.figure.breakage')} testId="breakage">
          {`${f.money(payout.breakage)} · ${percent(payout.breakagePercent)}`}
        </Fact>
      </Group>
      <ShareBar
        value={payout.payoutRatioPercent}
        color={verdict === 'warning' ? 'yellow' : 'teal'}
        label={t('admin.compliance.figure.payoutRatioPercent')}
        marks={[{ at: settings.payoutRatioWarnAbovePercent, color: 'var(--mantine-color-yellow-7)', label: t('admin.compliance.marks.warnAbove', { value: percent(settings.payoutRatioWarnAbovePercent) }) }]}
      />
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        <Fact label={t('admin.compliance.figure.paid')}>{f.money(payout.paid)}</Fact>
        <Fact label={t('admin.compliance.figure.clawbacks')}>{f.money(payout.clawbacks)}</Fact>
        <Fact label={t('admin.compliance.figure.cvMoney')}>{f.money(payout.cvMoney)}</Fact>
        <Fact label={t('admin.compliance.figure.theoreticalMaximum')}>{f.money(payout.theoreticalMaximum.total)}</Fact>
      </SimpleGrid>
      {payout.theoreticalMaximum.capped && (
        <Text size="xs" c="dimmed">
          {t('admin.compliance.maximumCapped')}
        </Text>
      )}
      <Table.ScrollContainer minWidth={360}>
        <Table striped horizontalSpacing="xs" data-testid="maximum-by-bonus">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.compliance.bonus')}</Table.Th>
              <Table.Th className="num">{t('admin.compliance.maximum')}</Table.Th>
              <Table.Th>{t('admin.compliance.rule')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {Object.entries(payout.theoreticalMaximum.byBonus).map(([bonus, maximum]) => (
              <Table.Tr key={bonus}>
                <Table.Td>{bonus}</Table.Td>
                <Table.Td className="num">{f.money(maximum.maximum)}</Table.Td>
                <Table.Td>
                  <Text size="xs" className="wrap-anywhere">
                    {maximum.rule}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Monitor>
  );
}
