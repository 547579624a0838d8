import { Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../../../components/States.tsx';
import { api, get } from '../../../lib/api.ts';
import { periodsQuery } from '../../../lib/queries.ts';
import type { Page } from '../../../lib/types.ts';
import { useFormat } from '../../../lib/use-format.ts';
import { useCan } from '../access.ts';
import { ConfirmAction } from '../ui.tsx';
import { EvidenceTable, Figures } from './figures.tsx';
import { PeriodSelect } from './PeriodSelect.tsx';
import { FLAG_KINDS, type EvidenceOrder, type Flag, type FlagKind } from './types.ts';

const PAGE = 20;

interface Filter {
  period: number | null;
  kind: FlagKind | null;
  severity: 'warning' | 'alert' | null;
  status: 'open' | 'acknowledged' | null;
  member: string;
}

/** The query string of a filter, with only what is set. */
export function flagQuery(filter: Filter, limit: number): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (filter.period !== null) query.set('period', String(filter.period));
  if (filter.kind !== null) query.set('kind', filter.kind);
  if (filter.severity !== null) query.set('severity', filter.severity);
  if (filter.status !== null) query.set('status', filter.status);
  if (filter.member.trim()) query.set('member', filter.member.trim());
  return query.toString();
}

/** The flags the scans stored, filtered by period, kind, severity, status and member; each with its figures and evidence, acknowledged with a note. */
export function FlagsPanel() {
  const { t } = useTranslation();
  const search = useSearch({ strict: false }) as { period?: number; kind?: string };
  const periods = useQuery(periodsQuery);
  const [filter, setFilter] = useState<Filter>({
    period: search.period ?? null,
    kind: FLAG_KINDS.find((kind) => kind === search.kind) ?? null,
    severity: null,
    status: null,
    member: '',
  });
  const [member] = useDebouncedValue(filter.member, 300);
  const [limit, setLimit] = useState(PAGE);
  const query = flagQuery({ ...filter, member }, limit);
  const flags = useQuery({ queryKey: ['admin', 'compliance', 'flags', query], queryFn: () => get<Page<Flag>>(`/api/compliance/flags?${query}`) });
  const set = <K extends keyof Filter>(key: K, value: Filter[K]) => {
    setFilter((current) => ({ ...current, [key]: value }));
    setLimit(PAGE);
  };
  return (
    <Stack gap="md">
      <Paper withBorder p="sm" radius="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="xs" data-testid="flag-filters">
          <PeriodSelect periods={(periods.data ?? []).filter((period) => period.status !== 'open')} value={filter.period} onChange={(id) => set('period', id)} label={t('admin.compliance.period')} clearable testId="flag-period" />
          <Select
            label={t('admin.compliance.kindLabel')}
            data={FLAG_KINDS.map((kind) => ({ value: kind, label: t(`admin.compliance.kind.${kind}`) }))}
            value={filter.kind}
            onChange={(value) => set('kind', (value as FlagKind | null) ?? null)}
            clearable
            placeholder={t('admin.compliance.all')}
            data-testid="flag-kind"
          />
          <Select
            label={t('admin.compliance.severityLabel')}
            data={(['warning', 'alert'] as const).map((severity) => ({ value: severity, label: t(`admin.compliance.severity.${severity}`) }))}
            value={filter.severity}
            onChange={(value) => set('severity', (value as Filter['severity']) ?? null)}
            clearable
            placeholder={t('admin.compliance.all')}
            data-testid="flag-severity"
          />
          <Select
            label={t('admin.compliance.statusLabel')}
            data={(['open', 'acknowledged'] as const).map((status) => ({ value: status, label: t(`admin.compliance.flagStatus.${status}`) }))}
            value={filter.status}
            onChange={(value) => set('status', (value as Filter['status']) ?? null)}
            clearable
            placeholder={t('admin.compliance.all')}
            data-testid="flag-status"
          />
          <TextInput label={t('admin.compliance.member')} placeholder="SM100042" value={filter.member} onChange={(event) => set('member', event.currentTarget.value)} data-testid="flag-member" />
        </SimpleGrid>
      </Paper>
      {flags.isPending ? (
        <Loading />
      ) : flags.error ? (
        <ErrorState error={flags.error} onRetry={() => void flags.refetch()} />
      ) : flags.data.items.length === 0 ? (
        <Empty>{t('admin.compliance.noFlags')}</Empty>
      ) : (
        <Stack gap="sm" data-testid="flags">
          {flags.data.items.map((flag) => (
            <FlagCard key={flag.id} flag={flag} />
          ))}
          {flags.data.hasMore && (
            <Button variant="light" size="xs" onClick={() => setLimit(limit + PAGE)} style={{ alignSelf: 'center' }}>
              {t('common.more')}
            </Button>
          )}
        </Stack>
      )}
    </Stack>
  );
}

function FlagCard({ flag }: { flag: Flag }) {
  const { t } = useTranslation();
  const f = useFormat();
  const can = useCan();
  const queryClient = useQueryClient();
  const [showEvidence, setShowEvidence] = useState(false);
  const evidence = flag.evidence as EvidenceOrder[];
  return (
    <Paper withBorder p="sm" radius="md" data-testid={`flag-${flag.id}`} data-kind={flag.kind} data-status={flag.status}>
      <Group justify="space-between" wrap="wrap" gap="xs" mb="xs">
        <Group gap="xs" wrap="wrap">
          <Badge color={flag.severity === 'alert' ? 'red' : 'yellow'}>{t(`admin.compliance.severity.${flag.severity}`)}</Badge>
          <Text fw={600}>{t(`admin.compliance.kind.${flag.kind}`)}</Text>
          <Text size="sm" className="wrap-anywhere">
            {flag.member ? `${flag.member.code} · ${flag.member.name}` : t('admin.compliance.company')}
          </Text>
          <Text size="sm" c="dimmed">
            {f.period(flag.period.start, flag.period.end)}
          </Text>
        </Group>
        <Badge variant="light" color={flag.status === 'open' ? 'yellow' : 'teal'} data-testid="flag-status">
          {t(`admin.compliance.flagStatus.${flag.status}`)}
        </Badge>
      </Group>
      <Figures figures={flag.figures} />
      {evidence.length > 0 && (
        <Stack gap={4} mt="xs">
          <Button variant="subtle" size="compact-sm" onClick={() => setShowEvidence(!showEvidence)} aria-expanded={showEvidence} style={{ alignSelf: 'flex-start' }} data-testid="show-evidence">
            {t('admin.compliance.evidence', { count: evidence.length })}
          </Button>
          {showEvidence && <EvidenceTable orders={evidence} />}
        </Stack>
      )}
      <Text size="xs" c="dimmed" mt="xs">
        {t('admin.compliance.seen', { first: f.dateTime(flag.firstSeenAt), last: f.dateTime(flag.lastSeenAt) })}
      </Text>
      {flag.acknowledged && (
        <Text size="sm" mt={4} data-testid="acknowledged">
          {t('admin.compliance.acknowledgedBy', { by: flag.acknowledged.by, at: f.dateTime(flag.acknowledged.at), note: flag.acknowledged.note })}
        </Text>
      )}
      {flag.status === 'open' && can('compliance:manage') && (
        <Group mt="xs">
          <ConfirmAction
            label={t('admin.compliance.acknowledge')}
            title={t('admin.compliance.acknowledgeTitle')}
            confirmLabel={t('admin.compliance.acknowledge')}
            variant="light"
            testId={`acknowledge-${flag.id}`}
            reason={{ label: t('admin.compliance.note'), required: true }}
            onConfirm={async (note) => {
              await api('POST', `/api/compliance/flags/${flag.id}/acknowledge`, { note });
              await queryClient.invalidateQueries({ queryKey: ['admin', 'compliance'] });
            }}
          >
            <Text size="sm">{t('admin.compliance.acknowledgeText')}</Text>
          </ConfirmAction>
        </Group>
      )}
    </Paper>
  );
}
