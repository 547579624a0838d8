import { queryOptions, useQuery } from '@tanstack/react-query';
import i18n from '../i18n/index.ts';
import { api, ApiError, setCsrfToken } from './api.ts';
import type { Language, Me } from './types.ts';

/** Who is signed in (null for nobody). Also brings the account's remembered language and the CSRF token. */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async (): Promise<Me | null> => {
    try {
      const me = await api<Me>('GET', '/api/auth/me');
      adopt(me);
      return me;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
      throw error;
    }
  },
  staleTime: Infinity,
});

function adopt(me: Me): void {
  setCsrfToken(me.csrfToken);
  if (me.user.language !== i18n.language) void i18n.changeLanguage(me.user.language);
}

export function useMe() {
  return useQuery(meQuery);
}

export async function signIn(email: string, password: string): Promise<Me> {
  const signedIn = await api<Me>('POST', '/api/auth/sign-in', { email, password });
  adopt(signedIn);
  return signedIn;
}

export async function signOut(): Promise<void> {
  await api('POST', '/api/auth/sign-out');
  setCsrfToken(null);
}

/** Switches the screen's language at once and remembers it on the account (every device) when someone is signed in. */
export async function chooseLanguage(language: Language, signedIn: boolean): Promise<void> {
  await i18n.changeLanguage(language);
  if (signedIn) await api('PATCH', '/api/auth/me', { language });
}
