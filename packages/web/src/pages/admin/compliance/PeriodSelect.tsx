import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Period } from '../../../lib/types.ts';
import { useFormat } from '../../../lib/use-format.ts';

/** A pay period picked from a list, each named by its dates and state. */
export function PeriodSelect({ periods, value, onChange, label, testId, clearable }: { periods: Period[]; value: number | null; onChange: (id: number | null) => void; label: string; testId?: string; clearable?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Select
      label={label}
      data={periods.map((period) => ({ value: String(period.id), label: `${f.period(period.start, period.end)} · ${t(`admin.status.${period.status}`)}` }))}
      value={value === null ? null : String(value)}
      onChange={(chosen) => onChange(chosen === null ? null : Number(chosen))}
      allowDeselect={clearable ?? false}
      clearable={clearable ?? false}
      placeholder={clearable ? t('admin.compliance.allPeriods') : undefined}
      w={{ base: '100%', xs: 280 }}
      data-testid={testId}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

