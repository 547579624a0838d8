import { Anchor, Stack, Title } from '@mantine/core';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { MemberCard } from '../Team.tsx';

/**
 * A member's card at its own address (/team/member/CODE), to share or bookmark. The API
 * decides what may be seen: someone outside one's own team is refused, and the
 * refusal is shown instead of any data.
 */
export function MemberPage() {
  const { t } = useTranslation();
  const { ref } = useParams({ from: '/signed-in/team/member/$ref' });
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/team" size="sm">
        {t('bo.team.back')}
      </Anchor>
      <Title order={1} size="h2">
        {t('team.card')}
      </Title>
      <MemberCard member={ref} />
    </Stack>
  );
}
