import { Alert, Badge, Button, Group, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MemberScreen, ScreenTabs } from '../../components/MemberScreen.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { api, get } from '../../lib/api.ts';
import { inLanguage, type Order, type OrderSummary, type Product } from '../../lib/backoffice-types.ts';
import type { FrontlineMember, Page } from '../../lib/types.ts';
import { useMe } from '../../lib/session.ts';
import { useFormat } from '../../lib/use-format.ts';
import { ReferralCard } from './ReferralCard.tsx';
import { ShopPayments } from './ShopPayments.tsx';

export const productsQuery = { queryKey: ['products', 'on-sale'], queryFn: () => get<Page<Product>>('/api/products?limit=200') };

/** The distributor's price of a product in the company currency (the first price listed). */
export const distributorPrice = (product: Product) => product.prices.find((price) => price.currency === 'INR') ?? product.prices[0];

export function OrdersPage() {
  const { t } = useTranslation();
  // Only a distributor has a shop whose payments they record.
  const distributor = useMe().data?.user.roles.includes('distributor') ?? false;
  return (
    <MemberScreen title={t('bo.orders.title')}>
      {(memberId) => (
        <ScreenTabs
          tabs={[
            { value: 'place', label: t('bo.orders.place'), panel: <PlaceOrder memberId={memberId} /> },
            { value: 'mine', label: t('bo.orders.mine'), panel: <OrderList filter={`buyer=${memberId}`} testId="my-orders" /> },
            { value: 'customers', label: t('bo.orders.customers'), panel: <Customers memberId={memberId} /> },
            ...(distributor ? [{ value: 'shop-payments', label: t('bo.shopPayments.tab'), panel: <ShopPayments memberId={memberId} /> }] : []),
            { value: 'referral', label: t('bo.referral.title'), panel: <ReferralCard memberId={memberId} /> },
          ]}
        />
      )}
    </MemberScreen>
  );
}

/** Pick products and quantities; the totals (amount at distributor price, volume) follow as you type; the server's answer is the order. */
function PlaceOrder({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const products = useQuery(productsQuery);
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const place = useMutation({
    mutationFn: (items: { product: string; quantity: number }[]) => api<Order>('POST', '/api/orders', { buyer: String(memberId), items }),
    onSuccess: () => {
      setQuantities({});
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
      void queryClient.invalidateQueries({ queryKey: ['projection'] });
    },
  });
  if (products.isPending) return <Loading />;
  if (products.error) return <ErrorState error={products.error} onRetry={() => void products.refetch()} />;
  const forSale = products.data.items.filter((product) => product.active && !product.enrollmentFee && distributorPrice(product));
  if (forSale.length === 0) return <Empty>{t('bo.products.none')}</Empty>;
  const chosen = forSale.filter((product) => (quantities[product.sku] ?? 0) > 0);
  const amount = chosen.reduce((sum, product) => sum + distributorPrice(product)!.distributorPrice * quantities[product.sku]!, 0);
  const volume = chosen.reduce((sum, product) => sum + product.qv * quantities[product.sku]!, 0);
  return (
    <Stack gap="md">
      {place.data && (
        <Alert color="teal" title={t('bo.orders.placed', { number: place.data.number })} data-testid="order-placed" onClose={() => place.reset()} withCloseButton>
          {t('bo.orders.placedText', { amount: f.money(place.data.amount, place.data.currency), qv: f.volume(place.data.qv) })}
        </Alert>
      )}
      {place.error && <ErrorState error={place.error} />}
      <Table.ScrollContainer minWidth={320}>
        <Table striped data-testid="order-form" horizontalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('bo.orders.product')}</Table.Th>
              <Table.Th className="num">{t('bo.orders.price')}</Table.Th>
              <Table.Th className="num">{t('bo.orders.qv')}</Table.Th>
              <Table.Th>{t('bo.orders.quantity')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {forSale.map((product) => {
              const name = inLanguage(product.name, f.lang);
              return (
                <Table.Tr key={product.sku}>
                  <Table.Td>
                    <Text size="sm" fw={600} className="wrap-anywhere">
                      {name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {product.sku}
                    </Text>
                  </Table.Td>
                  <Table.Td className="num">{f.money(distributorPrice(product)!.distributorPrice, distributorPrice(product)!.currency)}</Table.Td>
                  <Table.Td className="num">{f.volume(product.qv)}</Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={t('bo.orders.quantityOf', { name })}
                      min={0}
                      max={10_000}
                      allowDecimal={false}
                      allowNegative={false}
                      w={80}
                      size="xs"
                      value={quantities[product.sku] ?? 0}
                      onChange={(value) => setQuantities({ ...quantities, [product.sku]: typeof value === 'number' ? value : Number(value) || 0 })}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Stack gap={2}>
            <Text size="sm">
              {t('bo.orders.total')}{' '}
              <Text span fw={700} data-testid="order-total">
                {f.money(amount)}
              </Text>
            </Text>
            <Text size="sm">
              {t('bo.orders.totalQv')}{' '}
              <Text span fw={700} data-testid="order-qv">
                {f.volume(volume)}
              </Text>
            </Text>
          </Stack>
          <Button disabled={chosen.length === 0} loading={place.isPending} onClick={() => place.mutate(chosen.map((product) => ({ product: product.sku, quantity: quantities[product.sku]! })))}>
            {t('bo.orders.placeButton')}
          </Button>
        </Group>
      </Paper>
    </Stack>
  );
}

/** Orders filtered by buyer or credited distributor, newest first, with each order's fulfilment state. */
function OrderList({ filter, testId, excludeBuyer }: { filter: string; testId: string; excludeBuyer?: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [limit, setLimit] = useState(20);
  const orders = useQuery({ queryKey: ['orders', filter, limit], queryFn: () => get<Page<OrderSummary>>(`/api/orders?${filter}&limit=${limit}`) });
  if (orders.isPending) return <Loading />;
  if (orders.error) return <ErrorState error={orders.error} onRetry={() => void orders.refetch()} />;
  const items = orders.data.items.filter((order) => order.buyer.id !== excludeBuyer);
  if (items.length === 0) return <Empty>{t('bo.orders.noOrders')}</Empty>;
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={320}>
        <Table striped data-testid={testId} horizontalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('bo.orders.number')}</Table.Th>
              {excludeBuyer !== undefined && <Table.Th>{t('bo.orders.buyer')}</Table.Th>}
              <Table.Th>{t('bo.orders.date')}</Table.Th>
              <Table.Th className="num">{t('bo.orders.amount')}</Table.Th>
              <Table.Th className="num">{t('bo.orders.qv')}</Table.Th>
              <Table.Th>{t('bo.orders.fulfilment')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((order) => (
              <Table.Tr key={order.id} data-testid={`order-${order.number}`}>
                <Table.Td>{order.number}</Table.Td>
                {excludeBuyer !== undefined && <Table.Td className="wrap-anywhere">{order.buyer.name}</Table.Td>}
                <Table.Td>{f.date(order.businessDate)}</Table.Td>
                <Table.Td className="num">{f.money(order.amount - order.refundedAmount, order.currency)}</Table.Td>
                <Table.Td className="num">{f.volume(order.qv)}</Table.Td>
                <Table.Td>
                  <FulfilmentBadge state={order.fulfilment} refunded={order.status} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {orders.data.hasMore && (
        <Button variant="light" size="xs" onClick={() => setLimit(limit + 20)} style={{ alignSelf: 'center' }}>
          {t('common.more')}
        </Button>
      )}
    </Stack>
  );
}

function FulfilmentBadge({ state, refunded }: { state: OrderSummary['fulfilment']; refunded: OrderSummary['status'] }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="wrap">
      <Badge size="sm" variant="light" color={state === 'delivered' ? 'teal' : state === 'cancelled' || state === 'returned' || state === null ? 'gray' : 'blue'} data-testid="fulfilment-state">
        {state === null ? t('bo.fulfilment.unknown') : t(`bo.fulfilment.${state}`)}
      </Badge>
      {refunded !== 'paid' && (
        <Badge size="sm" variant="outline" color="orange">
          {t(`bo.orderStatus.${refunded}`)}
        </Badge>
      )}
    </Group>
  );
}

/** My customers (the customers I sponsored) and the orders credited to me that they placed. */
function Customers({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const frontline = useQuery({ queryKey: ['frontline-all', memberId], queryFn: () => get<Page<FrontlineMember>>(`/api/members/${memberId}/frontline?tree=sponsor&limit=200`) });
  const customers = frontline.data?.items.filter((member) => member.type !== 'distributor') ?? [];
  return (
    <Stack gap="lg">
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h4" mb="xs">
          {t('bo.orders.myCustomers')}
        </Title>
        {frontline.isPending ? (
          <Loading />
        ) : frontline.error ? (
          <ErrorState error={frontline.error} />
        ) : customers.length === 0 ? (
          <Empty>{t('bo.orders.noCustomers')}</Empty>
        ) : (
          <Stack gap={4} data-testid="customers">
            {customers.map((customer) => (
              <Group key={customer.id} gap="xs" wrap="wrap">
                <Text size="sm" fw={600}>
                  {customer.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {customer.code} · {t(`memberType.${customer.type}`)} · {t('team.joined', { date: f.date(customer.joinedAt) })}
                </Text>
              </Group>
            ))}
          </Stack>
        )}
      </Paper>
      <div>
        <Title order={2} size="h4" mb="xs">
          {t('bo.orders.customerOrders')}
        </Title>
        <OrderList filter={`credited=${memberId}`} testId="customer-orders" excludeBuyer={memberId} />
      </div>
    </Stack>
  );
}
