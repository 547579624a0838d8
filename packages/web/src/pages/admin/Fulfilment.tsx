import { Alert, Anchor, Button, Group, Modal, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { api, get } from '../../lib/api.ts';
import type { Page } from '../../lib/types.ts';
import { useFormat } from '../../lib/use-format.ts';
import { useCan, type Permission } from './access.ts';
import type { Fulfilment, FulfilmentQueueItem, Stock, Warehouse } from './types.ts';
import { AdminPage, ConfirmAction, errorText, QueryView, TableHead } from './ui.tsx';

type Action = FulfilmentQueueItem['actions'][number];
type State = FulfilmentQueueItem['state'];

/** The steps, each with the work waiting at it. */
const QUEUES: State[] = ['placed', 'paid', 'packed', 'shipped', 'delivered', 'cancelled', 'returned'];
/** Who may take each step (the server's own rule, services/fulfilment/change-fulfilment.ts). */
const ACTION_PERMISSION: Record<Action, Permission> = { pay: 'orders:pay', pack: 'orders:fulfil', ship: 'orders:fulfil', deliver: 'orders:fulfil', cancel: 'orders:refund', return: 'orders:refund' };
const PAGE = 20;

const warehousesQuery = { queryKey: ['admin', 'warehouses'], queryFn: () => get<{ items: Warehouse[] }>('/api/warehouses').then((answer) => answer.items) };

/** Warehouses with their stock (receive, correct a count), the orders waiting at each fulfilment step with the next steps, and the printable documents. */
export function FulfilmentPage() {
  const { t } = useTranslation();
  const can = useCan();
  const warehouses = useQuery(warehousesQuery);
  const [chosen, setChosen] = useState<string | null>(null);
  const list = warehouses.data ?? [];
  const code = chosen ?? list[0]?.code ?? null;
  return (
    <AdminPage title={t('admin.fulfilment.title')} actions={can('stock:write') && <AddWarehouse onAdded={setChosen} />}>
      {warehouses.isPending ? (
        <Loading />
      ) : warehouses.error ? (
        <ErrorState error={warehouses.error} onRetry={() => void warehouses.refetch()} />
      ) : list.length === 0 || code === null ? (
        <Empty>{t('admin.fulfilment.noWarehouses')}</Empty>
      ) : (
        <Paper withBorder p="md" radius="md">
          <Stack gap="sm">
            <Group justify="space-between" align="flex-end" wrap="wrap">
              <Select
                label={t('admin.fulfilment.warehouse')}
                data={list.map((warehouse) => ({ value: warehouse.code, label: `${warehouse.name} · ${warehouse.code}` }))}
                value={code}
                onChange={(value) => value && setChosen(value)}
                allowDeselect={false}
                data-testid="warehouse-select"
              />
              {can('orders:fulfil') && (
                <Group gap="md" wrap="wrap">
                  <Anchor href={`/api/warehouses/${encodeURIComponent(code)}/pick-list.html`} target="_blank" data-testid="pick-list">
                    {t('admin.fulfilment.pickList')}
                  </Anchor>
                  <Anchor href={`/api/warehouses/${encodeURIComponent(code)}/shipments.csv?state=packed`} data-testid="shipments-csv">
                    {t('admin.fulfilment.shipmentsPacked')}
                  </Anchor>
                  <Anchor href={`/api/warehouses/${encodeURIComponent(code)}/shipments.csv?state=shipped`}>{t('admin.fulfilment.shipmentsShipped')}</Anchor>
                </Group>
              )}
            </Group>
            <StockPanel code={code} />
          </Stack>
        </Paper>
      )}
      <OrderQueue warehouse={code} />
    </AdminPage>
  );
}

function AddWarehouse({ onAdded }: { onAdded: (code: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const [form, setForm] = useState({ code: '', name: '', address: '' });
  const add = useMutation({
    mutationFn: () => api<Warehouse>('POST', '/api/warehouses', { code: form.code, name: form.name, ...(form.address.trim() ? { address: form.address } : {}) }),
    onSuccess: async (warehouse) => {
      await queryClient.invalidateQueries({ queryKey: ['admin', 'warehouses'] });
      onAdded(warehouse.code);
      setForm({ code: '', name: '', address: '' });
      close();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <>
      <Button onClick={open} data-testid="add-warehouse">
        {t('admin.fulfilment.addWarehouse')}
      </Button>
      <Modal opened={opened} onClose={close} title={t('admin.fulfilment.addWarehouse')} centered>
        <form onSubmit={submit}>
          <Stack gap="sm">
            <TextInput label={t('admin.fulfilment.code')} description={t('admin.fulfilment.codeHint')} value={form.code} onChange={(event) => setForm({ ...form, code: event.currentTarget.value })} required maxLength={32} data-autofocus />
            <TextInput label={t('admin.fulfilment.name')} value={form.name} onChange={(event) => setForm({ ...form, name: event.currentTarget.value })} required maxLength={200} />
            <TextInput label={t('admin.fulfilment.address')} value={form.address} onChange={(event) => setForm({ ...form, address: event.currentTarget.value })} maxLength={500} />
            {add.error && (
              <Alert color="red" role="alert">
                {errorText(add.error, t('errors.unexpected'))}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('admin.common.cancel')}
              </Button>
              <Button type="submit" loading={add.isPending}>
                {t('admin.common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** What the warehouse holds per product, and the two ways to change it: a receipt, or a count that corrects it. */
function StockPanel({ code }: { code: string }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const can = useCan();
  const lang = i18n.language === 'hi' ? 'hi' : 'en';
  const stock = useQuery({ queryKey: ['admin', 'stock', code], queryFn: () => get<Stock>(`/api/warehouses/${encodeURIComponent(code)}/stock`) });
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t('admin.fulfilment.stock')}
      </Title>
      <QueryView query={stock} isEmpty={(data) => data.items.length === 0} empty={t('admin.fulfilment.noStock')}>
        {(data) => (
        <Table.ScrollContainer minWidth={480}>
          <Table striped data-testid="stock">
            <TableHead columns={[t('admin.fulfilment.product'), { label: t('admin.fulfilment.onHand'), num: true }, { label: t('admin.fulfilment.reserved'), num: true }, { label: t('admin.fulfilment.available'), num: true }]} />
            <Table.Tbody>
              {data.items.map((item) => (
                <Table.Tr key={item.product.id} data-testid={`stock-${item.product.sku}`}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {item.product.sku}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {item.product.name[lang]}
                    </Text>
                  </Table.Td>
                  <Table.Td className="num" data-testid="on-hand">
                    {f.count(item.onHand)}
                  </Table.Td>
                  <Table.Td className="num">{f.count(item.reserved)}</Table.Td>
                  <Table.Td className="num">
                    <Text span size="sm" c={item.available < 0 ? 'red' : undefined}>
                      {f.count(item.available)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        )}
      </QueryView>
      {can('stock:write') && stock.data && <StockChange code={code} stock={stock.data} />}
    </Stack>
  );
}

interface ProductOption {
  sku: string;
  name: { en: string; hi: string };
}

function StockChange({ code, stock }: { code: string; stock: Stock }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const lang = i18n.language === 'hi' ? 'hi' : 'en';
  const products = useQuery({ queryKey: ['admin', 'product-names'], queryFn: () => get<Page<ProductOption>>('/api/products?active=all&limit=200') });
  const [mode, setMode] = useState<'receipt' | 'count'>('receipt');
  const [sku, setSku] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<string | number>('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const onHand = stock.items.find((item) => item.product.sku === sku)?.onHand ?? 0;
  const amount = typeof quantity === 'number' ? quantity : Number.NaN;
  const change = mode === 'receipt' ? amount : amount - onHand;
  const valid = sku !== null && Number.isInteger(amount) && (mode === 'receipt' ? amount > 0 : amount >= 0 && change !== 0) && reason.trim() !== '';
  const save = useMutation({
    mutationFn: () => api<{ product: string; onHand: number }>('POST', `/api/warehouses/${encodeURIComponent(code)}/stock`, { product: sku, change, kind: mode === 'receipt' ? 'receipt' : 'adjustment', reason: reason.trim() }),
    onSuccess: async (answer) => {
      setDone(t('admin.fulfilment.stockChanged', { sku: answer.product, onHand: f.count(answer.onHand) }));
      setQuantity('');
      setReason('');
      await queryClient.invalidateQueries({ queryKey: ['admin', 'stock', code] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    if (valid) save.mutate();
  };
  return (
    <Paper withBorder p="sm" radius="sm">
      <form onSubmit={submit} aria-label={t('admin.fulfilment.changeStock')}>
        <Stack gap="sm">
          <SegmentedControl
            value={mode}
            onChange={(value) => setMode(value as 'receipt' | 'count')}
            data={[
              { value: 'receipt', label: t('admin.fulfilment.receive') },
              { value: 'count', label: t('admin.fulfilment.correct') },
            ]}
            data-testid="stock-mode"
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Select
              label={t('admin.fulfilment.product')}
              data={(products.data?.items ?? []).map((product) => ({ value: product.sku, label: `${product.sku} · ${product.name[lang]}` }))}
              value={sku}
              onChange={setSku}
              searchable
              required
              data-testid="stock-product"
            />
            <NumberInput
              label={mode === 'receipt' ? t('admin.fulfilment.received') : t('admin.fulfilment.counted')}
              description={mode === 'count' && sku ? t('admin.fulfilment.countNow', { onHand: f.count(onHand) }) : undefined}
              value={quantity}
              onChange={setQuantity}
              min={mode === 'receipt' ? 1 : 0}
              max={1_000_000}
              allowDecimal={false}
              required
              data-testid="stock-quantity"
            />
            <TextInput label={t('admin.fulfilment.stockReason')} description={t('admin.fulfilment.stockReasonHint')} value={reason} onChange={(event) => setReason(event.currentTarget.value)} required maxLength={500} data-testid="stock-reason" />
          </SimpleGrid>
          {mode === 'count' && sku && Number.isInteger(amount) && (
            <Text size="sm" data-testid="stock-difference">
              {change === 0 ? t('admin.fulfilment.countMatches') : t('admin.fulfilment.countDifference', { change: `${change > 0 ? '+' : '−'}${f.count(Math.abs(change))}` })}
            </Text>
          )}
          {save.error && (
            <Alert color="red" role="alert">
              {errorText(save.error, t('errors.unexpected'))}
            </Alert>
          )}
          {done && (
            <Alert color="green" data-testid="stock-done">
              {done}
            </Alert>
          )}
          <Group>
            <Button type="submit" disabled={!valid} loading={save.isPending} data-testid="stock-save">
              {mode === 'receipt' ? t('admin.fulfilment.receiveSave') : t('admin.fulfilment.correctSave')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The orders waiting at one step, oldest first, with the next steps this person may take. */
function OrderQueue({ warehouse }: { warehouse: string | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const [state, setState] = useState<State>('paid');
  const [onlyHere, setOnlyHere] = useState(false);
  const [offset, setOffset] = useState(0);
  const [failure, setFailure] = useState<unknown>(null);
  const filter = onlyHere && warehouse ? `&warehouse=${encodeURIComponent(warehouse)}` : '';
  const queue = useQuery({
    queryKey: ['admin', 'fulfilments', state, filter, offset],
    queryFn: () => get<Page<FulfilmentQueueItem>>(`/api/fulfilments?state=${state}&limit=${PAGE}&offset=${offset}${filter}`),
  });
  const act = async (order: string, body: { action: Action; carrier?: string; trackingNumber?: string; reason?: string }) => {
    setFailure(null);
    try {
      await api<Fulfilment>('POST', `/api/orders/${encodeURIComponent(order)}/fulfilment`, body);
    } finally {
      await queryClient.invalidateQueries({ queryKey: ['admin', 'fulfilments'] });
      await queryClient.invalidateQueries({ queryKey: ['admin', 'stock'] });
    }
  };
  const choose = (next: State) => {
    setState(next);
    setOffset(0);
  };
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Title order={2} size="h4">
            {t('admin.fulfilment.orders')}
          </Title>
          {warehouse && <Switch label={t('admin.fulfilment.onlyHere', { warehouse })} checked={onlyHere} onChange={(event) => { setOnlyHere(event.currentTarget.checked); setOffset(0); }} />}
        </Group>
        <Select
          label={t('admin.fulfilment.step')}
          data={QUEUES.map((value) => ({ value, label: t(`admin.fulfilment.queue.${value}`) }))}
          value={state}
          onChange={(value) => value && choose(value as State)}
          allowDeselect={false}
          maw={360}
          data-testid="queue-state"
        />
        {failure !== null && (
          <Alert color="red" role="alert" withCloseButton onClose={() => setFailure(null)}>
            {errorText(failure, t('errors.unexpected'))}
          </Alert>
        )}
        <QueryView query={queue} isEmpty={(data) => data.items.length === 0} empty={t('admin.fulfilment.noOrders')}>
          {(data) => (
          <>
            <Table.ScrollContainer minWidth={720}>
              <Table striped data-testid="queue">
                <TableHead columns={[t('admin.fulfilment.order'), t('admin.fulfilment.buyer'), { label: t('admin.fulfilment.units'), num: true }, t('admin.fulfilment.warehouse'), t('admin.fulfilment.tracking'), t('admin.fulfilment.next')]} />
                <Table.Tbody>
                  {data.items.map((item) => (
                    <Table.Tr key={item.order} data-testid={`queue-${item.order}`}>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {item.order}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {f.date(item.businessDate)}
                        </Text>
                        <Anchor href={`/api/orders/${encodeURIComponent(item.order)}/packing-slip.html`} target="_blank" size="xs">
                          {t('admin.fulfilment.packingSlip')}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{`${item.buyer.name} · ${item.buyer.code}`}</Table.Td>
                      <Table.Td className="num">{f.count(item.units)}</Table.Td>
                      <Table.Td>{item.warehouse?.code ?? t('admin.common.none')}</Table.Td>
                      <Table.Td data-testid="tracking">{item.carrier ? `${item.carrier} · ${item.trackingNumber ?? ''}` : t('admin.common.none')}</Table.Td>
                      <Table.Td>
                        <NextSteps item={item} act={act} onFailure={setFailure} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between">
              <Button variant="default" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                {t('admin.common.previous')}
              </Button>
              <Button variant="default" disabled={!data.hasMore} onClick={() => setOffset(offset + PAGE)}>
                {t('admin.common.next')}
              </Button>
            </Group>
          </>
          )}
        </QueryView>
      </Stack>
    </Paper>
  );
}

type Act = (order: string, body: { action: Action; carrier?: string; trackingNumber?: string; reason?: string }) => Promise<void>;

/** The steps the order may take next and this person may take; money moves (payment, cancel, return) are confirmed first. */
function NextSteps({ item, act, onFailure }: { item: FulfilmentQueueItem; act: Act; onFailure: (error: unknown) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const [busy, setBusy] = useState<Action | null>(null);
  const allowed = item.actions.filter((action) => can(ACTION_PERMISSION[action]));
  if (allowed.length === 0) return <Text size="sm" c="dimmed">{t('admin.common.none')}</Text>;
  const direct = async (action: Action) => {
    setBusy(action);
    try {
      await act(item.order, { action });
    } catch (error) {
      onFailure(error);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Group gap={4} wrap="wrap">
      {allowed.map((action) => {
        const testId = `${action}-${item.order}`;
        if (action === 'pack' || action === 'deliver') {
          return (
            <Button key={action} size="compact-sm" variant="light" loading={busy === action} onClick={() => void direct(action)} data-testid={testId}>
              {t(`admin.fulfilment.action.${action}`)}
            </Button>
          );
        }
        if (action === 'ship') {
          return (
            <ConfirmAction
              key={action}
              label={t('admin.fulfilment.action.ship')}
              title={t('admin.fulfilment.shipTitle', { order: item.order })}
              confirmLabel={t('admin.fulfilment.action.ship')}
              fields={[
                { name: 'carrier', label: t('admin.fulfilment.carrier'), testId: 'ship-carrier' },
                { name: 'trackingNumber', label: t('admin.fulfilment.trackingNumber'), testId: 'ship-tracking' },
              ]}
              testId={testId}
              onConfirm={(_reason, values) => act(item.order, { action, carrier: values.carrier, trackingNumber: values.trackingNumber })}
            >
              <Text size="sm">{t('admin.fulfilment.shipWhat')}</Text>
            </ConfirmAction>
          );
        }
        const money = action === 'pay' ? 'pay' : action === 'cancel' ? 'cancel' : 'return';
        return (
          <ConfirmAction
            key={action}
            label={t(`admin.fulfilment.action.${action}`)}
            title={t(`admin.fulfilment.confirm.${money}Title`, { order: item.order })}
            confirmLabel={t(`admin.fulfilment.action.${action}`)}
            reason={{ label: action === 'pay' ? t('admin.fulfilment.paymentReference') : t('admin.common.reason'), required: action !== 'pay' }}
            color={action === 'pay' ? undefined : 'red'}
            variant="light"
            testId={testId}
            onConfirm={(reason) => act(item.order, { action, ...(reason ? { reason } : {}) })}
          >
            <Text size="sm">{t(`admin.fulfilment.confirm.${money}What`)}</Text>
          </ConfirmAction>
        );
      })}
    </Group>
  );
}
