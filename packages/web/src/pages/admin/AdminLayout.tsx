import './i18n.ts';
import { Button, Group, Stack } from '@mantine/core';
import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useCan } from './access.ts';
import { SECTIONS } from './sections.ts';

/** The console's frame: a row of its screens (those the person's role may use) above the screen open now. */
export function AdminLayout() {
  const { t } = useTranslation();
  const can = useCan();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const sections = SECTIONS.filter((section) => section.needs.every(can));
  return (
    <Stack gap="md">
      <nav aria-label={t('admin.nav.label')}>
        <Group gap={4} wrap="wrap" data-testid="admin-nav">
          <Button component={Link} to="/admin" size="compact-sm" variant={pathname === '/admin' ? 'filled' : 'subtle'}>
            {t('admin.nav.home')}
          </Button>
          {sections.map((section) => (
            <Button key={section.key} component={Link} to={section.to} size="compact-sm" variant={pathname.startsWith(section.to) ? 'filled' : 'subtle'}>
              {t(`admin.nav.${section.key}`)}
            </Button>
          ))}
        </Group>
      </nav>
      <Outlet />
    </Stack>
  );
}
