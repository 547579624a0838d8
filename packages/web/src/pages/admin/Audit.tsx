import { Autocomplete, Badge, Button, Code, Group, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, type OptionsFilter } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { get } from '../../lib/api.ts';
import { useFormat } from '../../lib/use-format.ts';
import { actionMatches, AUDIT_ACTIONS, auditActionLabel, isAuditAction } from './audit-actions.ts';
import { AUDIT_FILTERS, auditQuery, auditSearch, type AuditSearch } from './audit-search.ts';
import { diffRows } from './audit-diff.ts';
import type { AuditEntry, AuditPage as AuditAnswer } from './types.ts';
import { AdminPage, TableHead } from './ui.tsx';

const PAGE = 25;

/** The kinds of record the trail speaks of (services write these as `entity`). */
export const AUDIT_ENTITIES = [
  'member', 'order', 'product', 'warehouse', 'period', 'commission_run', 'plan_version', 'payout', 'payout_batch', 'user', 'api_token', 'company',
  'compliance_flag', 'compliance_settings', 'autoship', 'webhook', 'webhook_delivery', 'announcement', 'course', 'event', 'message', 'training_file',
] as const;

/** Who changed what, when and why: the audit trail with its filters in the address, newest first, older entries on demand. */
export function AuditPage() {
  const { t } = useTranslation();
  const filters = auditSearch(useSearch({ strict: false }) as Record<string, unknown>);
  const navigate = useNavigate();
  const apply = (next: AuditSearch) => void navigate({ to: '/admin/audit', search: next });
  return (
    <AdminPage title={t('admin.audit.title')}>
      <Text size="sm" c="dimmed">
        {t('admin.audit.intro')}
      </Text>
      <AuditFilters key={JSON.stringify(filters)} filters={filters} onApply={apply} />
      <AuditEntries filters={filters} />
    </AdminPage>
  );
}

function AuditFilters({ filters, onApply }: { filters: AuditSearch; onApply: (filters: AuditSearch) => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<AuditSearch>(filters);
  const set = (field: keyof AuditSearch) => (value: string | null) => setValues((current) => ({ ...current, [field]: value ?? '' }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(Object.fromEntries(AUDIT_FILTERS.flatMap((field) => (values[field]?.trim() ? [[field, values[field]!.trim()]] : []))));
  };
  return (
    <Paper withBorder p="md" radius="md">
      <form onSubmit={submit} role="search" aria-label={t('admin.audit.filters')}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
          <Select
            label={t('admin.audit.entity')}
            placeholder={t('admin.audit.anyEntity')}
            data={AUDIT_ENTITIES.map((entity) => ({ value: entity, label: t(`admin.audit.entities.${entity}`) }))}
            value={values.entity ?? null}
            onChange={set('entity')}
            clearable
            searchable
            data-testid="audit-entity"
          />
          <TextInput label={t('admin.audit.ref')} description={t('admin.audit.refHint')} value={values.ref ?? ''} onChange={(event) => set('ref')(event.currentTarget.value)} data-testid="audit-ref" />
          <TextInput label={t('admin.audit.actor')} description={t('admin.audit.actorHint')} value={values.actor ?? ''} onChange={(event) => set('actor')(event.currentTarget.value)} data-testid="audit-actor" />
          <ActionFilter value={values.action ?? ''} onChange={set('action')} />
          <TextInput type="date" label={t('admin.audit.from')} value={values.from ?? ''} onChange={(event) => set('from')(event.currentTarget.value)} data-testid="audit-from" />
          <TextInput type="date" label={t('admin.audit.to')} value={values.to ?? ''} onChange={(event) => set('to')(event.currentTarget.value)} data-testid="audit-to" />
        </SimpleGrid>
        <Group mt="sm">
          <Button type="submit" data-testid="audit-apply">
            {t('admin.audit.apply')}
          </Button>
          <Button variant="default" onClick={() => onApply({})}>
            {t('admin.audit.clear')}
          </Button>
        </Group>
      </form>
    </Paper>
  );
}

/**
 * The action filter: the known actions offered by their labels (typing searches code and label),
 * while any text stays possible, e.g. `member` for every member action.
 */
function ActionFilter({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  const filter: OptionsFilter = ({ options, search }) =>
    options.filter((option) => 'value' in option && actionMatches(option.value, auditActionLabel(t, option.value), search));
  return (
    <Autocomplete
      label={t('admin.audit.action')}
      description={isAuditAction(value.trim()) ? auditActionLabel(t, value.trim()) : t('admin.audit.actionHint')}
      placeholder={t('admin.audit.actionAny')}
      data={AUDIT_ACTIONS}
      filter={filter}
      renderOption={({ option }) => (
        <Stack gap={0}>
          <Text size="sm">{auditActionLabel(t, option.value)}</Text>
          <Text size="xs" c="dimmed" ff="monospace">
            {option.value}
          </Text>
        </Stack>
      )}
      value={value}
      onChange={onChange}
      clearable
      maxDropdownHeight={280}
      data-testid="audit-action"
    />
  );
}

/** The entries a filter finds, newest first; "show more" reads the next older page by the API's cursor. */
export function AuditEntries({ filters }: { filters: AuditSearch }) {
  const { t } = useTranslation();
  const entries = useInfiniteQuery({
    queryKey: ['admin', 'audit', filters],
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) => get<AuditAnswer>(`/api/audit?${auditQuery(filters, PAGE, pageParam)}`),
    getNextPageParam: (last) => last.nextBefore,
  });
  if (entries.isPending) return <Loading />;
  if (entries.error) return <ErrorState error={entries.error} onRetry={() => void entries.refetch()} />;
  const items = entries.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <Empty>{t(Object.keys(filters).length > 0 ? 'admin.audit.noneFound' : 'admin.audit.none')}</Empty>;
  return (
    <Stack gap="sm" data-testid="audit-entries">
      {items.map((entry) => (
        <AuditEntryCard key={entry.id} entry={entry} />
      ))}
      {entries.hasNextPage && (
        <Button variant="default" onClick={() => void entries.fetchNextPage()} loading={entries.isFetchingNextPage} data-testid="audit-more">
          {t('admin.audit.older')}
        </Button>
      )}
    </Stack>
  );
}

function AuditEntryCard({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const f = useFormat();
  const record = entry.entityRef ?? `#${entry.entityId}`;
  return (
    <Paper withBorder p="sm" radius="sm" data-testid={`audit-entry-${entry.id}`} data-action={entry.action}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap="xs" wrap="wrap">
            <Badge variant="light" tt="none" className="wrap-anywhere" data-testid="audit-action-label">
              {auditActionLabel(t, entry.action)}
            </Badge>
            {isAuditAction(entry.action) && (
              <Text size="xs" c="dimmed" ff="monospace" className="wrap-anywhere" title={t('admin.audit.actionCode', { code: entry.action })}>
                {entry.action}
              </Text>
            )}
            <Text size="sm">
              {t(`admin.audit.entities.${entry.entity}`, { defaultValue: entry.entity })}{' '}
              {entry.entity === 'member' && entry.entityRef ? (
                <Link to="/admin/members/$ref" params={{ ref: entry.entityRef }} style={{ fontWeight: 600 }}>
                  {record}
                </Link>
              ) : (
                <Text span fw={600}>
                  {record}
                </Text>
              )}
            </Text>
          </Group>
          <Text size="sm" c="dimmed">
            {f.dateTime(entry.at)}
          </Text>
        </Group>
        <Text size="sm" className="wrap-anywhere">
          {t('admin.audit.by', { actor: actorText(entry.actor, t) })}
        </Text>
        {entry.reason && (
          <Text size="sm" className="wrap-anywhere" data-testid="audit-reason">
            {t('admin.audit.reason', { reason: entry.reason })}
          </Text>
        )}
        <AuditDiff before={entry.before} after={entry.after} />
      </Stack>
    </Paper>
  );
}

function actorText(actor: AuditEntry['actor'], t: TFunction): string {
  switch (actor.kind) {
    case 'system':
      return t('admin.audit.system');
    case 'token':
      return t('admin.audit.token', { name: actor.name ?? actor.label });
    case 'shop':
      return t('admin.audit.shop', { code: actor.name ?? actor.label });
    case 'user':
      return actor.name ? `${actor.name} (${actor.email ?? ''})` : (actor.email ?? actor.label);
    default:
      return actor.label;
  }
}

function Value({ value, absent }: { value: unknown; absent: boolean }) {
  const { t } = useTranslation();
  if (absent || value === undefined || value === null) return <Text span c="dimmed">{t('admin.common.none')}</Text>;
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  return <Code className="wrap-anywhere">{text}</Code>;
}

const CHANGE_COLOR = { added: 'green', removed: 'red', changed: 'yellow', same: 'gray' } as const;

/** Before and after as a readable diff: one row per field, changed fields marked. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  const rows = diffRows(before, after);
  if (rows.length === 0) return null;
  return (
    <Table.ScrollContainer minWidth={300}>
      <Table withTableBorder verticalSpacing={4} fz="sm" data-testid="audit-diff">
        <TableHead columns={[t('admin.audit.field'), t('admin.audit.before'), t('admin.audit.after')]} />
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.field} data-change={row.change} data-field={row.field}>
              <Table.Td>
                <Group gap={4} wrap="wrap">
                  <Text size="sm" fw={row.change === 'same' ? 400 : 600} className="wrap-anywhere">
                    {row.field || t('admin.audit.value')}
                  </Text>
                  {row.change !== 'same' && (
                    <Badge size="xs" variant="light" color={CHANGE_COLOR[row.change]}>
                      {t(`admin.audit.change.${row.change}`)}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Value value={row.before} absent={row.change === 'added'} />
              </Table.Td>
              <Table.Td>
                <Value value={row.after} absent={row.change === 'removed'} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
