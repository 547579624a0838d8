import { Alert, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { api, get } from '../../lib/api.ts';
import type { OrderSummary } from '../../lib/backoffice-types.ts';
import type { Page } from '../../lib/types.ts';
import { useFormat } from '../../lib/use-format.ts';

/** Shortest and longest payment reference the cash-or-UPI method keeps (services/shop/payment-methods.ts). */
const REFERENCE = { min: 3, max: 100 };

/**
 * Orders placed in my shop whose cash or UPI payment I have not recorded yet, newest first:
 * each with its customer, date and amount, and a place to record the receipt number or UPI
 * transaction reference (the order then moves to paid and leaves the list).
 */
export function ShopPayments({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [done, setDone] = useState<string | null>(null);
  const awaiting = useQuery({
    queryKey: ['orders', 'shop-awaiting', memberId],
    queryFn: () => get<Page<OrderSummary>>(`/api/orders?credited=${memberId}&shopPayment=awaiting&limit=100`),
  });
  if (awaiting.isPending) return <Loading />;
  if (awaiting.error) return <ErrorState error={awaiting.error} onRetry={() => void awaiting.refetch()} />;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('bo.shopPayments.hint')}
      </Text>
      {done && (
        <Alert color="teal" data-testid="payment-recorded" withCloseButton onClose={() => setDone(null)}>
          {t('bo.shopPayments.recorded', { number: done })}
        </Alert>
      )}
      {awaiting.data.items.length === 0 ? (
        <Empty>{t('bo.shopPayments.none')}</Empty>
      ) : (
        <Stack gap="xs" data-testid="awaiting-payments">
          {awaiting.data.items.map((order) => (
            <AwaitingOrder key={order.id} order={order} onRecorded={setDone} />
          ))}
          {awaiting.data.hasMore && (
            <Text size="xs" c="dimmed">
              {t('bo.shopPayments.more')}
            </Text>
          )}
        </Stack>
      )}
      <Text size="xs" c="dimmed">
        {t('bo.shopPayments.total', { count: awaiting.data.items.length, amount: f.money(awaiting.data.items.reduce((sum, order) => sum + order.amount, 0)) })}
      </Text>
    </Stack>
  );
}

function AwaitingOrder({ order, onRecorded }: { order: OrderSummary; onRecorded: (number: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const [reference, setReference] = useState('');
  const [invalid, setInvalid] = useState(false);
  const record = useMutation({
    mutationFn: (text: string) => api('POST', `/api/orders/${order.number}/shop-payment`, { reference: text }),
    onSuccess: async () => {
      onRecorded(order.number);
      await queryClient.invalidateQueries({ queryKey: ['orders'] });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const text = reference.trim().replace(/\s+/g, ' ');
    const wrong = text.length < REFERENCE.min || text.length > REFERENCE.max;
    setInvalid(wrong);
    if (!wrong) record.mutate(text);
  };
  return (
    <Paper withBorder p="sm" radius="md" data-testid={`awaiting-${order.number}`}>
      <form onSubmit={onSubmit} noValidate>
        <Group justify="space-between" gap="xs" wrap="wrap" mb="xs">
          <div style={{ minWidth: 0 }}>
            <Text fw={600} size="sm">
              {order.number}
            </Text>
            <Text size="xs" c="dimmed" className="wrap-anywhere">
              {order.buyer.name} · {f.date(order.businessDate)}
            </Text>
          </div>
          <Text fw={700} className="num">
            {f.money(order.amount, order.currency)}
          </Text>
        </Group>
        <Group gap="xs" align="flex-start" wrap="wrap">
          <TextInput
            style={{ flex: '1 1 12rem' }}
            size="xs"
            label={t('bo.shopPayments.reference')}
            placeholder={t('bo.shopPayments.referenceHint')}
            value={reference}
            maxLength={200}
            onChange={(event) => setReference(event.currentTarget.value)}
            error={invalid ? t('bo.shopPayments.referenceInvalid', { min: REFERENCE.min, max: REFERENCE.max }) : record.error ? record.error.message : undefined}
            data-testid="payment-reference"
          />
          <Button type="submit" size="xs" mt={22} loading={record.isPending} data-testid="record-payment">
            {t('bo.shopPayments.record')}
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
