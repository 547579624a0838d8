import { SegmentedControl, Select, Stack, Textarea } from '@mantine/core';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../../../lib/api.ts';
import type { PlanVersion } from '../../../lib/types.ts';

export const planVersionsQuery = queryOptions({ queryKey: ['plan-versions'], queryFn: () => get<{ items: PlanVersion[] }>('/api/plans').then((answer) => answer.items) });

/** Which plan the lab runs: a stored version, or a draft document pasted in (never stored). */
export type PlanPick = { kind: 'version'; planVersion: number | null } | { kind: 'draft'; source: string };

/** The request fields for the API: exactly one of planVersion or source. */
export const planFields = (pick: PlanPick): { planVersion: number } | { source: string } | null =>
  pick.kind === 'version' ? (pick.planVersion === null ? null : { planVersion: pick.planVersion }) : pick.source.trim() === '' ? null : { source: pick.source };

export function PlanChoice({ value, onChange }: { value: PlanPick; onChange: (pick: PlanPick) => void }) {
  const { t } = useTranslation();
  const versions = useQuery(planVersionsQuery);
  return (
    <Stack gap="xs">
      <SegmentedControl
        value={value.kind}
        onChange={(kind) => onChange(kind === 'draft' ? { kind: 'draft', source: '' } : { kind: 'version', planVersion: null })}
        data={[
          { value: 'version', label: t('planlab.storedVersion') },
          { value: 'draft', label: t('planlab.draft') },
        ]}
        aria-label={t('planlab.plan')}
      />
      {value.kind === 'version' ? (
        <Select
          label={t('planlab.planVersion')}
          placeholder={versions.isPending ? t('common.loading') : t('planlab.choose')}
          data={(versions.data ?? []).map((version) => ({ value: String(version.id), label: t('planlab.versionLabel', { plan: version.plan, version: version.version, from: version.effectiveFrom }) }))}
          value={value.planVersion === null ? null : String(value.planVersion)}
          onChange={(id) => onChange({ kind: 'version', planVersion: id === null ? null : Number(id) })}
          error={versions.error ? t('errors.unexpected') : undefined}
        />
      ) : (
        <Textarea
          label={t('planlab.draftLabel')}
          description={t('planlab.draftHelp')}
          autosize
          minRows={8}
          maxRows={24}
          styles={{ input: { fontFamily: 'monospace' } }}
          value={value.source}
          onChange={(event) => onChange({ kind: 'draft', source: event.currentTarget.value })}
        />
      )}
    </Stack>
  );
}
