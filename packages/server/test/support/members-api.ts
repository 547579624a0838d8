import { expect } from 'vitest';
import type { TestServer } from './http-client.ts';

export type EnrolledMember = { id: number; code: string };

/** Enrolls through the API and expects it to succeed: a distributor unless type says otherwise. */
export function enrollThrough(server: () => TestServer) {
  return async (name: string, sponsor: string, placement?: unknown, type = 'distributor'): Promise<EnrolledMember> => {
    const response = await server().request('POST', '/api/members', { body: { name, type, sponsor, ...(placement ? { placement } : {}) } });
    expect(response.status, response.text).toBe(201);
    return response.body as EnrolledMember;
  };
}
