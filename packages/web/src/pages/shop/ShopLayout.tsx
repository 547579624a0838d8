import { Anchor, Box, Button, Container, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useCart } from './cart.ts';
import { shopQuery } from './shop-data.ts';

/** The frame of a distributor's public shop: whose shop it is, the cart, the language switch. No sign-in needed. */
export function ShopLayout() {
  const { t } = useTranslation();
  const { code } = useParams({ from: '/s/$code' });
  const shop = useQuery(shopQuery(code));
  const cart = useCart(code);
  return (
    <Box>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <Box component="header" py="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size="lg">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Anchor component={Link} to={`/s/${code}`} underline="never" className="wrap-anywhere" style={{ minWidth: 0 }}>
              <Text fw={700} c="teal.8" lineClamp={1}>
                {shop.data ? t('shop.title', { name: shop.data.name }) : t('shop.titleLoading')}
              </Text>
            </Anchor>
            <Group gap="xs" wrap="nowrap">
              <LanguageSwitch signedIn={false} />
              <Button component={Link} to={`/s/${code}/cart`} size="xs" variant="light" aria-label={t('shop.cartCount', { count: cart.count })}>
                {t('shop.cart')} ({cart.count})
              </Button>
            </Group>
          </Group>
        </Container>
      </Box>
      <Container size="lg" py="md" component="main" id="main" tabIndex={-1}>
        {shop.isPending ? <Loading /> : shop.isError ? <ErrorState error={shop.error} /> : <Outlet />}
      </Container>
    </Box>
  );
}
