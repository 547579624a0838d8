import type { Selectable } from 'kysely';
import type { MessagesTable } from '../../db/schema.ts';

export interface MessageView {
  id: number;
  from: { id: number; code: string; name: string };
  to: { id: number; code: string; name: string };
  body: string;
  createdAt: string;
  readAt: string | null;
  hidden: { at: string; reason: string | null } | null;
}

type People = Record<number, { id: number; code: string; name: string }>;

/** A message as shown; moderators also see what was hidden and why. */
export function toMessageView(row: Selectable<MessagesTable>, people: People, moderator: boolean): MessageView {
  const person = (id: number) => ({ id, code: people[id]!.code, name: people[id]!.name });
  return {
    id: row.id,
    from: person(row.sender_id),
    to: person(row.recipient_id),
    body: row.body,
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
    hidden: moderator && row.hidden_at ? { at: new Date(row.hidden_at).toISOString(), reason: row.hidden_reason } : null,
  };
}
