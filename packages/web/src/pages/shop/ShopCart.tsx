import { ActionIcon, Button, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../lib/use-format.ts';
import { MAX_QUANTITY, useCart } from './cart.ts';
import { inLanguage, shopProductsQuery, type ShopProduct } from './shop-data.ts';

/** The cart lines the shop still sells, with their product, and the total at retail prices. */
export function useCartLines(code: string) {
  const cart = useCart(code);
  const products = useQuery(shopProductsQuery(code));
  const bySku = new Map((products.data?.items ?? []).map((product) => [product.sku, product]));
  const lines = cart.lines.flatMap((line) => {
    const product = bySku.get(line.sku);
    return product ? [{ ...line, product }] : [];
  });
  const total = (price: (product: ShopProduct) => number) => lines.reduce((sum, line) => sum + price(line.product) * line.quantity, 0);
  return { cart, products, lines, total, currency: products.data?.items[0]?.currency ?? 'INR' };
}

/** The cart: change quantities, remove lines, go to checkout. */
export function ShopCart() {
  const { t } = useTranslation();
  const f = useFormat();
  const { code } = useParams({ from: '/s/$code/cart' });
  const { cart, products, lines, total, currency } = useCartLines(code);
  if (products.isPending) return <Loading />;
  if (products.isError) return <ErrorState error={products.error} />;
  return (
    <Stack maw={720}>
      <Title order={1} size="h2">{t('shop.cartTitle')}</Title>
      {lines.length === 0 ? (
        <Stack align="center">
          <Empty>{t('shop.cartEmpty')}</Empty>
          <Button component={Link} to={`/s/${code}`} variant="light">{t('shop.backToProducts')}</Button>
        </Stack>
      ) : (
        <>
          {lines.map((line) => {
            const name = inLanguage(line.product.name, f.lang);
            return (
              <Group key={line.sku} justify="space-between" wrap="wrap" gap="xs" py="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
                <Stack gap={0} style={{ flex: '1 1 160px', minWidth: 0 }}>
                  <Text fw={600} className="wrap-anywhere">{name}</Text>
                  <Text size="sm" c="dimmed" className="figure" ta="left">{f.money(line.product.retailPrice, line.product.currency)}</Text>
                </Stack>
                <Group gap="xs" wrap="nowrap">
                  <NumberInput aria-label={t('shop.quantityOf', { name })} value={line.quantity} onChange={(value) => typeof value === 'number' && cart.set(line.sku, value)} min={1} max={MAX_QUANTITY} clampBehavior="strict" allowDecimal={false} w={80} />
                  <Text fw={600} className="figure" w={110}>{f.money(line.product.retailPrice * line.quantity, line.product.currency)}</Text>
                  <ActionIcon variant="subtle" color="red" onClick={() => cart.remove(line.sku)} aria-label={t('shop.removeNamed', { name })}>
                    ×
                  </ActionIcon>
                </Group>
              </Group>
            );
          })}
          <Group justify="space-between">
            <Text fw={700}>{t('shop.total')}</Text>
            <Text fw={700} className="figure" data-testid="cart-total">{f.money(total((product) => product.retailPrice), currency)}</Text>
          </Group>
          <Button component={Link} to={`/s/${code}/checkout`} size="md">{t('shop.toCheckout')}</Button>
        </>
      )}
    </Stack>
  );
}
