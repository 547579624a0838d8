import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../../components/AnchorLink.tsx';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { get } from '../../../lib/api.ts';
import type { Checklist } from './types.ts';

type CheckId = Checklist['items'][number]['id'];

/** Where each check is put right in the console: the products (a starter kit's volume), the members (KYC), or the settings. */
const REMEDY: Record<CheckId, 'products' | 'members' | 'settings'> = {
  noJoiningFee: 'products',
  kycBeforePayout: 'members',
  coolingOffConfigured: 'settings',
  grievanceContactConfigured: 'settings',
};

function RemedyLink({ id }: { id: CheckId }) {
  const { t } = useTranslation();
  const where = REMEDY[id];
  const text = t(`admin.compliance.remedyLink.${id}`);
  if (where === 'settings') {
    return (
      <AnchorLink to="/admin/compliance/$tab" params={{ tab: 'settings' }} size="sm" data-testid={`remedy-${id}`}>
        {text}
      </AnchorLink>
    );
  }
  return (
    <AnchorLink to={where === 'products' ? '/admin/products' : '/admin/members'} size="sm" data-testid={`remedy-${id}`}>
      {text}
    </AnchorLink>
  );
}

/** The India checklist (Consumer Protection (Direct Selling) Rules, 2021): which checks hold, the evidence, and the way to fix those that do not. */
export function ChecklistPanel() {
  const { t } = useTranslation();
  const checklist = useQuery({ queryKey: ['admin', 'compliance', 'checklist'], queryFn: () => get<Checklist>('/api/compliance/india-checklist') });
  if (checklist.isPending) return <Loading />;
  if (checklist.error) return <ErrorState error={checklist.error} onRetry={() => void checklist.refetch()} />;
  const { items, holds, total } = checklist.data;
  return (
    <Stack gap="sm">
      <Text fw={600} data-testid="checklist-summary">
        {t('admin.compliance.checklistSummary', { holds, total })}
      </Text>
      {items.map((item) => (
          <Paper key={item.id} withBorder p="md" radius="md" data-testid={`check-${item.id}`} data-holds={item.holds ? 'yes' : 'no'}>
            <Group justify="space-between" gap="xs" wrap="wrap" mb="xs">
              <Title order={2} size="h5" className="wrap-anywhere">
                {item.title}
              </Title>
              <Badge color={item.holds ? 'teal' : 'red'} variant="light">
                {item.holds ? t('admin.compliance.holdsYes') : t('admin.compliance.holdsNo')}
              </Badge>
            </Group>
            <Evidence evidence={item.evidence} />
            {!item.holds && (
              <Stack gap={2} mt="xs">
                <Text size="sm">{t(`admin.compliance.remedy.${item.id}`)}</Text>
                <RemedyLink id={item.id} />
              </Stack>
            )}
          </Paper>
      ))}
    </Stack>
  );
}

/** A check's evidence: each figure by name; lists item by item. */
function Evidence({ evidence }: { evidence: Record<string, unknown> }) {
  const { t } = useTranslation();
  const value = (item: unknown): string => {
    if (item === null || item === undefined) return t('admin.compliance.notSet');
    if (typeof item === 'boolean') return item ? t('admin.compliance.yes') : t('admin.compliance.no');
    if (Array.isArray(item)) return item.length === 0 ? t('admin.compliance.none') : item.map(value).join('; ');
    if (typeof item === 'object') return Object.entries(item as Record<string, unknown>).map(([key, inner]) => `${t(`admin.compliance.evidenceKey.${key}`, { defaultValue: key })}: ${value(inner)}`).join(' · ');
    return String(item);
  };
  return (
    <Stack gap={2}>
      {Object.entries(evidence).map(([key, item]) => (
        <Text key={key} size="sm" className="wrap-anywhere">
          <Text span c="dimmed" size="sm">
            {t(`admin.compliance.evidenceKey.${key}`, { defaultValue: key })}:
          </Text>{' '}
          {value(item)}
        </Text>
      ))}
    </Stack>
  );
}
