import { Alert, Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { EnrolledMemberSchema } from '../../../../server/src/schemas/members.ts';
import { MemberScreen } from '../../components/MemberScreen.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { api, ApiError } from '../../lib/api.ts';
import { fieldErrorsOf } from '../../lib/field-errors.ts';
import { memberQuery } from '../../lib/queries.ts';
import type { Member } from '../../lib/types.ts';
import { EMPTY, enrollBody, enrollErrors, PLACEMENTS, type EnrollField as Field, type EnrollValues as Values, type MemberType, type Placement } from './enroll-rules.ts';

type Enrolled = z.infer<typeof EnrolledMemberSchema>;

/**
 * Enrolling a new distributor or customer under me. Joining is free: the notice says so before
 * anything is sent, and the terms the server answers with are shown after. In a binary company a
 * new distributor's place in the tree can be chosen.
 */
export function EnrollPage() {
  const { t } = useTranslation();
  return (
    <MemberScreen title={t('bo.enroll.title')}>
      {(memberId) => <EnrollForm memberId={memberId} />}
    </MemberScreen>
  );
}

function EnrollForm({ memberId }: { memberId: number }) {
  const me = useQuery(memberQuery(memberId));
  if (me.isPending) return <Loading />;
  if (me.error) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  return <EnrollFormFor me={me.data} />;
}

function EnrollFormFor({ me }: { me: Member }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // The company's tree is binary when placement slots are L and R.
  const binary = me.placement !== null && (me.placement.slot === 'L' || me.placement.slot === 'R');
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const enroll = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<Enrolled>('POST', '/api/members', body),
    onSuccess: () => {
      setValues(EMPTY);
      void queryClient.invalidateQueries({ queryKey: ['frontline'] });
      void queryClient.invalidateQueries({ queryKey: ['frontline-all'] });
      void queryClient.invalidateQueries({ queryKey: ['downline-statistics'] });
    },
  });
  const serverFields = fieldErrorsOf(enroll.error);
  const placementRefusal = enroll.error instanceof ApiError && enroll.error.code.startsWith('PLACEMENT') ? enroll.error.message : undefined;
  const otherRefusal = enroll.error && Object.keys(serverFields).length === 0 && !placementRefusal;
  const errorOf = (field: Field) => (errors[field] ? t(errors[field]!) : (serverFields[field] ?? (field === 'placement' ? placementRefusal : undefined)));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = enrollErrors(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    enroll.mutate(enrollBody(values, me.id));
  };
  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    // A corrected field no longer shows its old mistake (the member to place under belongs to the placement).
    const field: Field | null = key === 'parent' || key === 'side' ? 'placement' : key === 'name' || key === 'phone' || key === 'email' || key === 'type' || key === 'placement' ? key : null;
    if (field) setErrors((current) => ({ ...current, [field]: undefined }));
    if (enroll.error) enroll.reset();
  };

  if (enroll.data) return <EnrolledNotice member={enroll.data} onAnother={() => enroll.reset()} />;
  return (
    <form onSubmit={onSubmit} noValidate data-testid="enroll-form">
      <Stack gap="md">
        <Paper withBorder p="md" radius="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('bo.enroll.name')} required value={values.name} onChange={(event) => set('name', event.currentTarget.value)} error={errorOf('name')} maxLength={200} />
            <TextInput label={t('bo.profile.phone')} type="tel" inputMode="tel" value={values.phone} onChange={(event) => set('phone', event.currentTarget.value)} error={errorOf('phone')} />
            <TextInput label={t('bo.profile.email')} type="email" value={values.email} onChange={(event) => set('email', event.currentTarget.value)} error={errorOf('email')} />
          </SimpleGrid>
          <Stack gap={4} mt="md">
            <Text size="sm" fw={500} id="enroll-type">
              {t('bo.enroll.type')}
            </Text>
            <SegmentedControl
              aria-labelledby="enroll-type"
              value={values.type}
              onChange={(value) => set('type', value as MemberType)}
              data={(['distributor', 'preferred', 'retail'] as const).map((type) => ({ value: type, label: t(`memberType.${type}`) }))}
              fullWidth
              orientation="vertical"
              data-testid="enroll-type"
            />
            {errorOf('type') && (
              <Text size="xs" c="red">
                {errorOf('type')}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {t(`bo.enroll.typeHint.${values.type}`)}
            </Text>
          </Stack>
          {binary && values.type === 'distributor' && (
            <Stack gap="xs" mt="md">
              <Select
                label={t('bo.enroll.placement')}
                value={values.placement}
                onChange={(value) => value && set('placement', value as Placement)}
                data={PLACEMENTS.map((placement) => ({ value: placement, label: t(`bo.enroll.placements.${placement}`) }))}
                allowDeselect={false}
                error={values.placement === 'slot' ? undefined : errorOf('placement')}
                data-testid="enroll-placement"
              />
              {values.placement === 'slot' && (
                <Group gap="xs" align="flex-start" wrap="wrap">
                  <TextInput style={{ flex: '1 1 10rem' }} label={t('bo.enroll.parent')} placeholder={me.code} value={values.parent} onChange={(event) => set('parent', event.currentTarget.value)} error={errorOf('placement')} />
                  <Stack gap={4}>
                    <Text size="sm" fw={500} id="enroll-side">
                      {t('bo.enroll.side')}
                    </Text>
                    <SegmentedControl aria-labelledby="enroll-side" value={values.side} onChange={(value) => set('side', value as 'L' | 'R')} data={[{ value: 'L', label: t('bo.enroll.left') }, { value: 'R', label: t('bo.enroll.right') }]} />
                  </Stack>
                </Group>
              )}
            </Stack>
          )}
        </Paper>
        <Alert color="teal" title={t('bo.enroll.noticeTitle')} data-testid="joining-notice">
          {t('bo.enroll.notice')}
        </Alert>
        {otherRefusal && <ErrorState error={enroll.error} />}
        <Group gap="sm">
          <Button type="submit" loading={enroll.isPending} data-testid="enroll-submit">
            {t('bo.enroll.submit')}
          </Button>
          <Button component={Link} to="/team" variant="subtle">
            {t('bo.enroll.back')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EnrolledNotice({ member, onAnother }: { member: Enrolled; onAnother: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md" data-testid="enrolled">
      <Alert color="teal" title={t('bo.enroll.done', { name: member.name, code: member.code })}>
        <Stack gap={4}>
          <Text size="sm">{t(`memberType.${member.type}`)}</Text>
          <Text size="sm" fw={600} data-testid="joining-terms">
            {member.joining.notice}
          </Text>
          <Text size="sm" data-testid="purchase-required">
            {member.joining.purchaseRequired ? t('bo.enroll.purchaseRequired') : t('bo.enroll.noPurchaseRequired')}
          </Text>
          {member.joining.coolingOff && (
            <Text size="sm" data-testid="cooling-off">
              {member.joining.coolingOff}
            </Text>
          )}
        </Stack>
      </Alert>
      <Group gap="sm">
        <Button onClick={onAnother} data-testid="enroll-another">
          {t('bo.enroll.another')}
        </Button>
        <Button component={Link} to="/team" variant="light">
          {t('bo.enroll.back')}
        </Button>
      </Group>
    </Stack>
  );
}
