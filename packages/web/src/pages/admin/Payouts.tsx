import { Anchor, Button, Group, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { api, get } from '../../lib/api.ts';
import { useFormat } from '../../lib/use-format.ts';
import type { PayoutBatch, WalletStanding } from './types.ts';
import { AdminPage, ConfirmAction, Fact, StatusBadge } from './ui.tsx';

/**
 * Paying out: the wallets that can be paid, a batch built from them (behind a dialog that
 * states the count and the total), its bank file, and the bank's answer for each payout.
 */
export function PayoutsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const [batchId, setBatchId] = useState<number | null>(null);
  const [lookup, setLookup] = useState<number | string>('');
  const standings = useQuery({ queryKey: ['admin', 'payable'], queryFn: () => get<{ minimumPayout: number; items: WalletStanding[] }>('/api/payouts/wallets') });
  const payable = (standings.data?.items ?? []).filter((item) => item.hold === null && item.bankAccount !== null && item.balance >= (standings.data?.minimumPayout ?? 0));
  const total = payable.reduce((sum, item) => sum + item.balance, 0);

  return (
    <AdminPage title={t('admin.payouts.title')}>
      <Group align="flex-end">
        <NumberInput label={t('admin.payouts.openBatch')} value={lookup} onChange={setLookup} min={1} allowDecimal={false} style={{ maxWidth: 200 }} />
        <Button variant="default" disabled={typeof lookup !== 'number'} onClick={() => setBatchId(Number(lookup))}>
          {t('admin.common.open')}
        </Button>
      </Group>
      {batchId !== null && <BatchView id={batchId} />}
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">
            {t('admin.payouts.wallets')}
          </Title>
          {standings.data && payable.length > 0 && (
            <ConfirmAction
              label={t('admin.payouts.create')}
              title={t('admin.payouts.createTitle')}
              confirmLabel={t('admin.payouts.createConfirm', { total: f.money(total) })}
              testId="create-batch"
              onConfirm={async () => {
                const batch = await api<PayoutBatch>('POST', '/api/payout-batches', {});
                setBatchId(batch.id);
                await queryClient.invalidateQueries({ queryKey: ['admin', 'payable'] });
              }}
            >
              <Text>{t('admin.payouts.createWhat', { count: payable.length, total: f.money(total), minimum: f.money(standings.data.minimumPayout) })}</Text>
            </ConfirmAction>
          )}
        </Group>
        {standings.isPending ? (
          <Loading />
        ) : standings.error ? (
          <ErrorState error={standings.error} />
        ) : standings.data.items.length === 0 ? (
          <Empty>{t('admin.payouts.noWallets')}</Empty>
        ) : (
          <Table.ScrollContainer minWidth={520}>
            <Table striped data-testid="payable">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.members.code')}</Table.Th>
                  <Table.Th>{t('admin.members.name')}</Table.Th>
                  <Table.Th>{t('admin.members.balance')}</Table.Th>
                  <Table.Th>{t('admin.members.bank')}</Table.Th>
                  <Table.Th>{t('admin.payouts.hold')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {standings.data.items.map((item) => (
                  <Table.Tr key={item.memberId}>
                    <Table.Td>{item.code}</Table.Td>
                    <Table.Td>{item.name}</Table.Td>
                    <Table.Td className="num">{f.money(item.balance)}</Table.Td>
                    <Table.Td>{item.bankAccount ?? t('admin.payouts.noBank')}</Table.Td>
                    <Table.Td>{item.hold ?? t('admin.common.none')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
    </AdminPage>
  );
}

/** A batch: its payouts, the bank file, and the bank's answer for each (paid, or failed with the bank's reason). */
function BatchView({ id }: { id: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const batch = useQuery({ queryKey: ['admin', 'batch', id], queryFn: () => get<PayoutBatch>(`/api/payout-batches/${id}`) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin'] });
  if (batch.isPending) return <Loading />;
  if (batch.error) return <ErrorState error={batch.error} />;
  const b = batch.data;
  return (
    <Paper withBorder p="md" radius="md" data-testid="batch">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('admin.payouts.batch', { id: b.id })}
          </Title>
          <StatusBadge status={b.status} testId="batch-status" />
        </Group>
        <Group gap="xl">
          <Fact label={t('admin.payouts.total')} testId="batch-total">
            {f.money(b.total, b.currency)}
          </Fact>
          <Fact label={t('admin.payouts.count')}>{f.count(b.payouts.length)}</Fact>
        </Group>
        <Anchor href={`/api/payout-batches/${b.id}/bank-file.csv`} download onClick={() => setTimeout(() => void refresh(), 1_000)} data-testid="bank-file">
          {t('admin.payouts.bankFile')}
        </Anchor>
        <Table.ScrollContainer minWidth={560}>
          <Table striped>
            <Table.Tbody>
              {b.payouts.map((payout) => (
                <Table.Tr key={payout.id}>
                  <Table.Td>{payout.code}</Table.Td>
                  <Table.Td>{payout.accountHolder}</Table.Td>
                  <Table.Td className="num">{f.money(payout.amount, b.currency)}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={payout.status} />
                  </Table.Td>
                  <Table.Td>
                    {payout.status === 'pending' && (
                      <Group gap={4} wrap="nowrap">
                        <ConfirmAction
                          label={t('admin.payouts.paid')}
                          title={t('admin.payouts.paidTitle', { code: payout.code })}
                          confirmLabel={t('admin.payouts.paidConfirm')}
                          color="green"
                          variant="light"
                          testId={`paid-${payout.id}`}
                          onConfirm={async () => {
                            await api('POST', `/api/payouts/${payout.id}/paid`);
                            await refresh();
                          }}
                        >
                          <Text>{t('admin.payouts.paidWhat', { amount: f.money(payout.amount, b.currency), name: payout.accountHolder })}</Text>
                        </ConfirmAction>
                        <ConfirmAction
                          label={t('admin.payouts.failed')}
                          title={t('admin.payouts.failedTitle', { code: payout.code })}
                          confirmLabel={t('admin.payouts.failedConfirm')}
                          color="red"
                          variant="light"
                          testId={`failed-${payout.id}`}
                          onConfirm={async () => {
                            await api('POST', `/api/payouts/${payout.id}/failed`, { reason: reason.trim() });
                            setReason('');
                            await refresh();
                          }}
                        >
                          <Stack gap="xs">
                            <Text>{t('admin.payouts.failedWhat', { amount: f.money(payout.amount, b.currency) })}</Text>
                            <TextInput label={t('admin.payouts.bankReason')} value={reason} onChange={(event) => setReason(event.currentTarget.value)} required />
                          </Stack>
                        </ConfirmAction>
                      </Group>
                    )}
                    {payout.failureReason}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Paper>
  );
}
