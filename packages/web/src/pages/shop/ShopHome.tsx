import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../lib/use-format.ts';
import { useCart } from './cart.ts';
import { inLanguage, shopProductsQuery, shopQuery } from './shop-data.ts';

/** A shop's home: the products it sells, each with its price and a button to add it to the cart. */
export function ShopHome() {
  const { t } = useTranslation();
  const f = useFormat();
  const { code } = useParams({ from: '/s/$code/' });
  const shop = useQuery(shopQuery(code));
  const products = useQuery(shopProductsQuery(code));
  const cart = useCart(code);
  return (
    <Stack>
      <div>
        <Title order={1} size="h2">{t('shop.welcome')}</Title>
        <Text c="dimmed" size="sm">{t('shop.intro', { name: shop.data?.name ?? '' })}</Text>
      </div>
      {products.isPending ? (
        <Loading />
      ) : products.isError ? (
        <ErrorState error={products.error} onRetry={() => void products.refetch()} />
      ) : products.data.items.length === 0 ? (
        <Empty>{t('shop.noProducts')}</Empty>
      ) : (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
          {products.data.items.map((product) => {
            const name = inLanguage(product.name, f.lang);
            return (
              <Card key={product.sku} withBorder radius="md" padding="md" data-testid={`product-${product.sku}`}>
                <Stack gap="xs" h="100%" justify="space-between">
                  <div>
                    <Text fw={600} className="wrap-anywhere" component={Link} to={`/s/${code}/p/${encodeURIComponent(product.sku)}`}>
                      {name}
                    </Text>
                    <Text size="sm" c="dimmed" lineClamp={2}>{inLanguage(product.description, f.lang)}</Text>
                  </div>
                  <Group justify="space-between" wrap="wrap" gap="xs">
                    <Text fw={700} className="figure">{f.money(product.retailPrice, product.currency)}</Text>
                    {product.inStock ? (
                      <Button size="xs" onClick={() => cart.add(product.sku)} aria-label={t('shop.addNamed', { name })}>
                        {t('shop.add')}
                      </Button>
                    ) : (
                      <Badge color="gray" variant="light">{t('shop.outOfStock')}</Badge>
                    )}
                  </Group>
                </Stack>
              </Card>
            );
          })}
        </SimpleGrid>
      )}
    </Stack>
  );
}
