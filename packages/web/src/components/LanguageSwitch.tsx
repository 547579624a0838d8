import { SegmentedControl } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { chooseLanguage } from '../lib/session.ts';
import type { Language, Me } from '../lib/types.ts';

/** English / हिन्दी: each language named in itself. Remembered on the account when signed in. */
export function LanguageSwitch({ signedIn }: { signedIn: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const change = async (language: string) => {
    await chooseLanguage(language as Language, signedIn);
    queryClient.setQueryData<Me | null>(['me'], (me) => (me ? { ...me, user: { ...me.user, language: language as Language } } : me));
    // Server-written text (statement explanations, messages) comes again in the new language.
    await queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'me' });
  };
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('language.label')}
      value={i18n.language === 'hi' ? 'hi' : 'en'}
      onChange={(value) => void change(value)}
      data={[
        { value: 'en', label: 'English' },
        { value: 'hi', label: 'हिन्दी' },
      ]}
    />
  );
}
