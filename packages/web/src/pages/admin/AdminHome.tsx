import { Anchor, Card, SimpleGrid, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useCan } from './access.ts';
import { SECTIONS } from './sections.ts';
import { AdminPage } from './ui.tsx';

/** The console's first screen: the areas this person's role may work in, each with what it is for. */
export function AdminHome() {
  const { t } = useTranslation();
  const can = useCan();
  const sections = SECTIONS.filter((section) => section.needs.every(can));
  return (
    <AdminPage title={t('admin.title')}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {sections.map((section) => (
          <Card key={section.key} withBorder radius="md" component={Link} to={section.to} data-testid={`section-${section.key}`}>
            <Title order={2} size="h5">
              {t(`admin.nav.${section.key}`)}
            </Title>
            <Text size="sm" c="dimmed">
              {t(`admin.home.${section.key}`)}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      <Anchor href="/api/docs">{t('staff.apiDocs')}</Anchor>
    </AdminPage>
  );
}
