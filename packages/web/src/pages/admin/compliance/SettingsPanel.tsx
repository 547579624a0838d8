import { Alert, Button, Fieldset, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { api, ApiError } from '../../../lib/api.ts';
import { fieldErrorsOf } from '../../../lib/field-errors.ts';
import { useCan } from '../access.ts';
import { SETTING_GROUPS, settingsChanges, toValues, type Key, type Problem, type Values } from './settings-rules.ts';
import { settingsQuery } from './queries.ts';
import type { ComplianceSettings } from './types.ts';

/** The thresholds of the monitors, the cooling-off window and buy-back terms, and the grievance contact; changes are audited. */
export function SettingsPanel() {
  const settings = useQuery(settingsQuery);
  if (settings.isPending) return <Loading />;
  if (settings.error) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  return <SettingsForm saved={settings.data} />;
}

function SettingsForm({ saved }: { saved: ComplianceSettings }) {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const editable = can('compliance:manage');
  const [values, setValues] = useState<Values>(() => toValues(saved));
  const [problems, setProblems] = useState<Partial<Record<Key, Problem>>>({});
  const [done, setDone] = useState(false);
  const save = useMutation({
    mutationFn: (changes: Partial<ComplianceSettings>) => api<ComplianceSettings>('PATCH', '/api/compliance/settings', changes),
    onSuccess: (answer) => {
      setDone(true);
      queryClient.setQueryData(settingsQuery.queryKey, answer);
      void queryClient.invalidateQueries({ queryKey: ['admin', 'compliance'] });
    },
  });
  const serverFields: Partial<Record<Key, string>> = fieldErrorsOf(save.error);
  if (save.error instanceof ApiError && save.error.code === 'COMPLIANCE_THRESHOLDS_INVALID') serverFields.customerShareAlertBelowPercent = save.error.message;
  const unplaced = save.error && Object.keys(serverFields).length === 0;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    save.reset();
    const { changes, problems: found } = settingsChanges(values, saved);
    setProblems(found);
    if (Object.keys(found).length > 0 || Object.keys(changes).length === 0) return;
    save.mutate(changes);
  };
  const errorOf = (key: Key) => {
    const problem = problems[key];
    return problem ? t(`admin.compliance.settings.errors.${problem.key}`, problem.params) : serverFields[key];
  };

  return (
    <form onSubmit={onSubmit} noValidate data-testid="settings-form">
      <Stack gap="md">
        {!editable && (
          <Text size="sm" c="dimmed">
            {t('admin.compliance.settings.readOnly')}
          </Text>
        )}
        {SETTING_GROUPS.map(({ group, fields }) => (
          <Fieldset key={group} legend={t(`admin.compliance.settings.groups.${group}`)} disabled={!editable}>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
              {fields.map((spec) => (
                <TextInput
                  key={spec.key}
                  label={t(`admin.compliance.settings.fields.${spec.key}`)}
                  description={t(`admin.compliance.settings.hints.${spec.key}`)}
                  value={values[spec.key]}
                  onChange={(event) => {
                    const text = event.currentTarget.value;
                    setValues((current) => ({ ...current, [spec.key]: text }));
                    setProblems((current) => ({ ...current, [spec.key]: undefined }));
                  }}
                  inputMode={spec.kind === 'text' || spec.kind === 'email' ? undefined : spec.kind === 'phone' ? 'tel' : 'decimal'}
                  type={spec.kind === 'email' ? 'email' : spec.kind === 'phone' ? 'tel' : 'text'}
                  rightSection={spec.kind === 'percent' ? '%' : spec.kind === 'multiple' ? '×' : undefined}
                  placeholder={spec.nullable ? t('admin.compliance.settings.notSet') : undefined}
                  error={errorOf(spec.key)}
                  data-testid={`setting-${spec.key}`}
                />
              ))}
            </SimpleGrid>
          </Fieldset>
        ))}
        {done && (
          <Alert color="teal" data-testid="settings-saved" withCloseButton onClose={() => setDone(false)}>
            {t('admin.compliance.settings.saved')}
          </Alert>
        )}
        {Object.keys(problems).length > 0 && (
          <Alert color="red" role="alert" data-testid="settings-problems">
            {t('admin.compliance.settings.fix', { count: Object.keys(problems).length })}
          </Alert>
        )}
        {unplaced && <ErrorState error={save.error} />}
        {editable && (
          <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }} data-testid="settings-save">
            {t('admin.common.save')}
          </Button>
        )}
      </Stack>
    </form>
  );
}
