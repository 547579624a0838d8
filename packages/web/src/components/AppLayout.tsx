import { AppShell, Burger, Button, Group, NavLink, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { signOut, useMe } from '../lib/session.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

const STAFF = ['owner', 'admin', 'finance', 'support', 'warehouse'];

/** The signed-in frame: a header with the language switch and sign-out, and the navigation (a drawer on a phone). */
export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const me = useMe().data;
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const isMember = me?.user.memberId !== null && me?.user.memberId !== undefined;
  const isStaff = me?.user.roles.some((role) => STAFF.includes(role)) ?? false;

  const links = [
    ...(isMember
      ? [
          { to: '/', label: t('nav.dashboard') },
          { to: '/wallet', label: t('nav.wallet') },
          { to: '/team', label: t('nav.team') },
          { to: '/orders', label: t('bo.nav.orders') },
          { to: '/products', label: t('bo.nav.products') },
          { to: '/community', label: t('bo.nav.community') },
          { to: '/profile', label: t('bo.nav.profile') },
        ]
      : [{ to: '/', label: t('nav.home') }]),
    ...(isStaff ? [{ to: '/admin', label: t('nav.admin') }] : []),
  ] as const;

  const onSignOut = async () => {
    await signOut().catch(() => undefined);
    queryClient.clear();
    await navigate({ to: '/sign-in', search: {} });
  };

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <UnstyledButton component={Link} to="/" aria-label={t('app.name')}>
              <Text fw={700} size="lg" c="teal.8">
                {t('app.name')}
              </Text>
            </UnstyledButton>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch signedIn />
            <Button variant="subtle" size="xs" onClick={() => void onSignOut()} visibleFrom="xs">
              {t('auth.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('nav.label')}>
        <Stack gap={4} justify="space-between" h="100%">
          <nav>
            {links.map((link) => (
              <NavLink key={link.to} component={Link} to={link.to} label={link.label} active={pathname === link.to} onClick={close} />
            ))}
          </nav>
          <Stack gap={4}>
            <Text size="xs" c="dimmed" className="wrap-anywhere">
              {me?.user.name ?? me?.user.email}
            </Text>
            <Button variant="light" size="xs" onClick={() => void onSignOut()}>
              {t('auth.signOut')}
            </Button>
          </Stack>
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
