import { Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../../components/AnchorLink.tsx';
import { Empty, ErrorState, Loading } from '../../../components/States.tsx';
import { api, get } from '../../../lib/api.ts';
import { useCan } from '../access.ts';
import { ConfirmAction } from '../ui.tsx';
import type { HeldMember, Hold } from './types.ts';

const holdsQuery = { queryKey: ['admin', 'compliance', 'holds'], queryFn: () => get<{ items: HeldMember[] }>('/api/compliance/holds') };

/** Sets or lifts a member's compliance hold: payouts stop while it stands, earning goes on. */
const putHold = (member: string, hold: string | null) => api<Hold>('PUT', `/api/members/${encodeURIComponent(member)}/compliance-hold`, { hold });

/** Who is on compliance hold and why; put a member on hold with a reason, or release them. */
export function HoldsPanel() {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const holds = useQuery(holdsQuery);
  const [member, setMember] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin'] });
  const code = member.trim().toUpperCase();
  return (
    <Stack gap="md">
      {can('compliance:manage') && (
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h5" mb="xs">
            {t('admin.compliance.putOnHold')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('admin.compliance.holdHint')}
          </Text>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput label={t('admin.compliance.memberCode')} placeholder="SM100042" value={member} onChange={(event) => setMember(event.currentTarget.value)} data-testid="hold-member" style={{ flex: '1 1 12rem' }} />
            <ConfirmAction
              label={t('admin.compliance.putOnHold')}
              title={t('admin.compliance.holdTitle', { code })}
              confirmLabel={t('admin.compliance.putOnHold')}
              color="orange"
              testId="hold"
              disabled={code === ''}
              reason={{ label: t('admin.common.reason'), required: true }}
              onConfirm={async (reason) => {
                await putHold(code, reason ?? null);
                setMember('');
                await refresh();
              }}
            >
              <Text size="sm">{t('admin.compliance.holdText', { code })}</Text>
            </ConfirmAction>
          </Group>
        </Paper>
      )}
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h5" mb="xs">
          {t('admin.compliance.holds')}
        </Title>
        {holds.isPending ? (
          <Loading />
        ) : holds.error ? (
          <ErrorState error={holds.error} onRetry={() => void holds.refetch()} />
        ) : holds.data.items.length === 0 ? (
          <Empty>{t('admin.compliance.noHolds')}</Empty>
        ) : (
          <Table.ScrollContainer minWidth={360}>
            <Table striped horizontalSpacing="xs" data-testid="holds">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.compliance.memberCode')}</Table.Th>
                  <Table.Th>{t('admin.compliance.name')}</Table.Th>
                  <Table.Th>{t('admin.compliance.reason')}</Table.Th>
                  {can('compliance:manage') && <Table.Th />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {holds.data.items.map((hold) => (
                  <Table.Tr key={hold.memberId} data-testid={`hold-${hold.code}`}>
                    <Table.Td>
                      <AnchorLink to="/admin/members/$ref" params={{ ref: hold.code }} size="sm">
                        {hold.code}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td className="wrap-anywhere">{hold.name}</Table.Td>
                    <Table.Td className="wrap-anywhere">{hold.reason}</Table.Td>
                    {can('compliance:manage') && (
                      <Table.Td>
                        <ConfirmAction
                          label={t('admin.compliance.release')}
                          title={t('admin.compliance.releaseTitle', { code: hold.code })}
                          confirmLabel={t('admin.compliance.release')}
                          variant="light"
                          testId={`release-${hold.code}`}
                          onConfirm={async () => {
                            await putHold(hold.code, null);
                            await refresh();
                          }}
                        >
                          <Text size="sm">{t('admin.compliance.releaseText', { code: hold.code, name: hold.name })}</Text>
                        </ConfirmAction>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
    </Stack>
  );
}
