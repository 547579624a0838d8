import { Anchor, Badge, Code, Group, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { api, get } from '../../lib/api.ts';
import type { Page } from '../../lib/types.ts';
import { useFormat } from '../../lib/use-format.ts';
import type { z } from 'zod';
import type { FlagSchema } from '../../../../server/src/schemas/compliance.ts';
import { useCan } from './access.ts';
import { AdminPage, ConfirmAction, StatusBadge } from './ui.tsx';

/** A flag as the API answers it: inferred from the server's schema (type-only import). */
type Flag = z.infer<typeof FlagSchema>;

/** Compliance flags with their figures and evidence (acknowledged with a note), the members on hold, and the income disclosure. */
export function CompliancePage() {
  const { t } = useTranslation();
  const f = useFormat();
  const can = useCan();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const flags = useQuery({ queryKey: ['admin', 'flags'], queryFn: () => get<Page<Flag>>('/api/compliance/flags?limit=100') });
  const holds = useQuery({ queryKey: ['admin', 'holds'], queryFn: () => get<{ items: { memberId: number; code: string; name: string; reason: string }[] }>('/api/compliance/holds') });
  return (
    <AdminPage title={t('admin.compliance.title')}>
      <Group>
        <Anchor href="/api/compliance/income-disclosure.html" target="_blank">
          {t('admin.compliance.disclosure')}
        </Anchor>
        <Anchor href="/api/compliance/income-disclosure.csv">{t('admin.compliance.disclosureCsv')}</Anchor>
      </Group>
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h4" mb="sm">
          {t('admin.compliance.flags')}
        </Title>
        {flags.isPending ? (
          <Loading />
        ) : flags.error ? (
          <ErrorState error={flags.error} />
        ) : flags.data.items.length === 0 ? (
          <Empty>{t('admin.compliance.noFlags')}</Empty>
        ) : (
          <Stack gap="sm" data-testid="flags">
            {flags.data.items.map((flag) => (
              <Paper key={flag.id} withBorder p="sm" radius="sm">
                <Group justify="space-between" wrap="wrap">
                  <Group gap="xs">
                    <Badge color={flag.severity === 'alert' ? 'red' : 'yellow'}>{t(`admin.compliance.severity.${flag.severity}`)}</Badge>
                    <Text fw={600}>{flag.kind}</Text>
                    <Text>{flag.member ? `${flag.member.code} · ${flag.member.name}` : flag.subject}</Text>
                    <Text size="sm" c="dimmed">
                      {f.period(flag.period.start, flag.period.end)}
                    </Text>
                  </Group>
                  <StatusBadge status={flag.status === 'open' ? 'pending' : 'settled'} />
                </Group>
                <Code block mt="xs" className="wrap-anywhere">
                  {JSON.stringify(flag.figures)}
                </Code>
                {flag.evidence.length > 0 && (
                  <Text size="sm" mt={4}>
                    {t('admin.compliance.evidence', { count: flag.evidence.length })}
                  </Text>
                )}
                {flag.acknowledged && <Text size="sm">{t('admin.compliance.acknowledgedBy', { by: flag.acknowledged.by, note: flag.acknowledged.note })}</Text>}
                {flag.status === 'open' && can('compliance:manage') && (
                  <ConfirmAction
                    label={t('admin.compliance.acknowledge')}
                    title={t('admin.compliance.acknowledgeTitle')}
                    confirmLabel={t('admin.compliance.acknowledge')}
                    variant="light"
                    onConfirm={async () => {
                      await api('POST', `/api/compliance/flags/${flag.id}/acknowledge`, { note: note.trim() });
                      setNote('');
                      await queryClient.invalidateQueries({ queryKey: ['admin', 'flags'] });
                    }}
                  >
                    <Textarea label={t('admin.compliance.note')} value={note} onChange={(event) => setNote(event.currentTarget.value)} required />
                  </ConfirmAction>
                )}
              </Paper>
            ))}
          </Stack>
        )}
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h4" mb="sm">
          {t('admin.compliance.holds')}
        </Title>
        {holds.isPending ? (
          <Loading />
        ) : holds.error ? (
          <ErrorState error={holds.error} />
        ) : holds.data.items.length === 0 ? (
          <Empty>{t('admin.compliance.noHolds')}</Empty>
        ) : (
          <Table>
            <Table.Tbody>
              {holds.data.items.map((hold) => (
                <Table.Tr key={hold.memberId}>
                  <Table.Td>{hold.code}</Table.Td>
                  <Table.Td>{hold.name}</Table.Td>
                  <Table.Td>{hold.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </AdminPage>
  );
}
