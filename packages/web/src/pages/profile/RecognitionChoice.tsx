import { Paper, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { RecognitionChoice as RecognitionChoiceSchema } from '../../../../server/src/schemas/community.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { api, get } from '../../lib/api.ts';

type Choice = z.infer<typeof RecognitionChoiceSchema>;

export const recognitionChoiceQuery = (memberId: number) => ({
  queryKey: ['recognition-choice', memberId],
  queryFn: () => get<Choice>(`/api/members/${memberId}/recognition`),
});

/**
 * Whether the member's name may appear in the month's public recognition (new ranks, top
 * sellers, new members), as the server holds it now, and a switch to change it. Shown on the
 * profile and on the community's recognition tab.
 */
export function RecognitionChoice({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const choice = useQuery(recognitionChoiceQuery(memberId));
  const change = useMutation({
    mutationFn: (optOut: boolean) => api<Choice>('PUT', `/api/members/${memberId}/recognition`, { optOut }),
    onSuccess: (saved) => {
      queryClient.setQueryData(recognitionChoiceQuery(memberId).queryKey, saved);
      // The month's lists change with the choice.
      void queryClient.invalidateQueries({ queryKey: ['recognition'] });
    },
  });
  return (
    <Paper withBorder p="md" radius="md" data-testid="recognition-settings">
      <Title order={2} size="h4" mb="xs">
        {t('bo.profile.recognition')}
      </Title>
      <Text size="sm" mb="sm">
        {t('bo.profile.recognitionHint')}
      </Text>
      {choice.isPending ? (
        <Loading />
      ) : choice.error ? (
        <ErrorState error={choice.error} onRetry={() => void choice.refetch()} />
      ) : (
        <>
          <Switch
            checked={!choice.data.recognitionOptOut}
            onChange={(event) => change.mutate(!event.currentTarget.checked)}
            disabled={change.isPending}
            label={t('bo.profile.recognitionSwitch')}
            data-testid="recognition-switch"
          />
          <Text size="sm" mt="xs" data-testid="recognition-choice" data-opted-out={choice.data.recognitionOptOut ? 'yes' : 'no'}>
            {choice.data.recognitionOptOut ? t('bo.profile.recognitionIsOut') : t('bo.profile.recognitionIsIn')}
          </Text>
        </>
      )}
      {change.error && <ErrorState error={change.error} />}
    </Paper>
  );
}
