import i18n from '../i18n/index.ts';

/** A refusal or failure from the Samooh API: its stable code, and the message in the reader's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Machine-readable specifics the API sent with the refusal (e.g. the paths of a plan's errors). */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

/** The session's CSRF token: sent as X-CSRF-Token with every change made with the session cookie. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const SAFE = new Set(['GET', 'HEAD']);

interface EarlyAnswer {
  path: string;
  response: Response;
}

declare global {
  interface Window {
    /** What public/early.js asked for before the app loaded: who is signed in; on the dashboard, their live standing. */
    samoohEarly?: { me?: Promise<EarlyAnswer>; standing?: Promise<EarlyAnswer | null> };
  }
}

/** The answer early.js already asked for at this path, once; a failed one is asked again the usual way. */
async function takeEarly(path: string): Promise<Response | null> {
  const early = typeof window === 'undefined' ? undefined : window.samoohEarly;
  if (!early) return null;
  const kind = path === '/api/auth/me' ? 'me' : /^\/api\/members\/[^/]+\/projection$/.test(path) ? 'standing' : null;
  const answer = kind === null ? undefined : early[kind];
  if (!answer) return null;
  delete early[kind!];
  const got = await answer.catch(() => null);
  return got && got.path === path && got.response.ok ? got.response : null;
}

/** Calls the API on the same origin with the session cookie; JSON in, JSON out. */
export async function api<T>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': i18n.language === 'hi' ? 'hi' : 'en', ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = (method === 'GET' && (await takeEarly(path))) || await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? null : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'NETWORK', i18n.t('errors.network'));
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(response.status, error?.code ?? 'HTTP_' + response.status, error?.message ?? i18n.t('errors.unexpected'), error?.details);
  }
  return parsed as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
