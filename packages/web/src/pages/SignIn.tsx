import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { ApiError } from '../lib/api.ts';
import { signIn } from '../lib/session.ts';

export function SignIn() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const search = useSearch({ from: '/sign-in' });
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await signIn(email, password);
      queryClient.setQueryData(['me'], me);
      await navigate({ to: search.next ?? '/' });
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t('errors.unexpected'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Stack w="100%" maw={400} gap="md">
        <Group justify="space-between">
          <Title order={1} c="teal.8" size="h2">
            {t('app.name')}
          </Title>
          <LanguageSwitch signedIn={false} />
        </Group>
        <Paper withBorder shadow="sm" p="lg" radius="md">
          <form onSubmit={(event) => void submit(event)} noValidate>
            <Stack gap="sm">
              <Title order={2} size="h3">
                {t('auth.title')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('auth.subtitle')}
              </Text>
              {error && (
                <Alert color="red" role="alert">
                  {error}
                </Alert>
              )}
              <TextInput label={t('auth.email')} type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.currentTarget.value)} autoFocus />
              <PasswordInput label={t('auth.password')} autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.currentTarget.value)} />
              <Button type="submit" loading={busy} fullWidth>
                {t('auth.signIn')}
              </Button>
            </Stack>
          </form>
        </Paper>
        <Text size="xs" c="dimmed" ta="center">
          {t('auth.help')}
        </Text>
      </Stack>
    </Center>
  );
}
