import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

/** The admin console: its own chunk, loaded only when staff open it. Its screens come here. */
export function AdminHome() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('admin.title')}
      </Title>
      <Text>{t('admin.soon')}</Text>
      <Anchor component={Link} to="/admin/plan-lab/what-if">
        {t('planlab.whatIf.title')}
      </Anchor>
      <Anchor component={Link} to="/admin/plan-lab/simulate">
        {t('planlab.simulate.title')}
      </Anchor>
      <Anchor href="/api/docs">{t('staff.apiDocs')}</Anchor>
    </Stack>
  );
}
