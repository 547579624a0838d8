import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MemberScreen, ScreenTabs } from '../../components/MemberScreen.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { api } from '../../lib/api.ts';
import { KYC_RULES } from '../../lib/member-rules.ts';
import { memberQuery } from '../../lib/queries.ts';
import type { Member } from '../../lib/types.ts';
import { RecognitionChoice } from './RecognitionChoice.tsx';

type Field = 'name' | 'phone' | 'email' | 'pan' | 'bankAccount' | 'bankIfsc';

/** Which fields are wrong, by the rules above; an empty optional field is fine, a bank account needs its IFSC. */
export function profileErrors(values: Record<Field, string>): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  if (!values.name.trim()) errors.name = 'bo.profile.errors.name';
  for (const field of ['phone', 'email', 'pan', 'bankAccount', 'bankIfsc'] as const) {
    const value = values[field].trim();
    if (value && !KYC_RULES[field].test(field === 'pan' || field === 'bankIfsc' ? value.toUpperCase() : value)) errors[field] = `bo.profile.errors.${field}`;
  }
  if (values.bankAccount.trim() && !values.bankIfsc.trim()) errors.bankIfsc = 'bo.profile.errors.bankIfsc';
  return errors;
}

export function ProfilePage() {
  const { t } = useTranslation();
  return (
    <MemberScreen title={t('bo.profile.title')}>
      {(memberId) => (
        <>
          <OwnProfile memberId={memberId} />
          <RecognitionChoice memberId={memberId} />
        </>
      )}
    </MemberScreen>
  );
}

function OwnProfile({ memberId }: { memberId: number }) {
  const member = useQuery(memberQuery(memberId));
  if (member.isPending) return <Loading />;
  if (member.error) return <ErrorState error={member.error} onRetry={() => void member.refetch()} />;
  return <ProfileForm member={member.data} />;
}

function ProfileForm({ member }: { member: Member }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<Field, string>>({ name: member.name, phone: member.phone ?? '', email: member.email ?? '', pan: '', bankAccount: '', bankIfsc: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const save = useMutation({
    mutationFn: (body: Record<string, string | null>) => api<Member>('PATCH', `/api/members/${member.id}/profile`, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(memberQuery(member.id).queryKey, saved);
      // The numbers are not kept on screen once saved: only the masked tail comes back.
      setValues((current) => ({ ...current, pan: '', bankAccount: '', bankIfsc: '' }));
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = profileErrors(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const body: Record<string, string | null> = {};
    if (values.name.trim() !== member.name) body.name = values.name.trim();
    if (values.phone.trim() !== (member.phone ?? '')) body.phone = values.phone.trim() || null;
    if (values.email.trim() !== (member.email ?? '')) body.email = values.email.trim() || null;
    if (values.pan.trim()) body.pan = values.pan.trim().toUpperCase();
    if (values.bankAccount.trim()) body.bankAccount = values.bankAccount.trim();
    if (values.bankIfsc.trim()) body.bankIfsc = values.bankIfsc.trim().toUpperCase();
    if (Object.keys(body).length === 0) return;
    save.mutate(body);
  };
  const field = (name: Field) => ({
    value: values[name],
    error: errors[name] ? t(errors[name]!) : undefined,
    onChange: (event: { currentTarget: { value: string } }) => setValues({ ...values, [name]: event.currentTarget.value }),
  });
  const kyc = member.kyc;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {save.isSuccess && (
          <Alert color="teal" data-testid="profile-saved">
            {t('bo.profile.saved')}
          </Alert>
        )}
        {save.error && <ErrorState error={save.error} />}
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h4" mb="sm">
            {t('bo.profile.contact')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('bo.profile.name')} required {...field('name')} />
            <TextInput label={t('bo.profile.phone')} type="tel" inputMode="tel" {...field('phone')} />
            <TextInput label={t('bo.profile.email')} type="email" {...field('email')} />
          </SimpleGrid>
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Group justify="space-between" mb="sm" wrap="wrap">
            <Title order={2} size="h4">
              {t('bo.profile.kyc')}
            </Title>
            <Badge variant="light" color={kyc.status === 'verified' ? 'teal' : kyc.status === 'rejected' ? 'red' : kyc.status === 'submitted' ? 'blue' : 'gray'} data-testid="kyc-status">
              {t(`bo.kyc.${kyc.status}`)}
            </Badge>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 3 }} mb="sm">
            <OnFile label={t('bo.profile.pan')} value={kyc.pan} testId="pan-on-file" />
            <OnFile label={t('bo.profile.bankAccount')} value={kyc.bankAccount} testId="bank-on-file" />
            <OnFile label={t('bo.profile.ifsc')} value={kyc.bankIfsc} testId="ifsc-on-file" />
          </SimpleGrid>
          <Text size="xs" c="dimmed" mb="xs">
            {t('bo.profile.kycHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('bo.profile.newPan')} placeholder="ABCDE1234F" autoComplete="off" {...field('pan')} />
            <TextInput label={t('bo.profile.newBankAccount')} inputMode="numeric" autoComplete="off" {...field('bankAccount')} />
            <TextInput label={t('bo.profile.newIfsc')} placeholder="HDFC0001234" autoComplete="off" {...field('bankIfsc')} />
          </SimpleGrid>
        </Paper>
        <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
          {t('bo.profile.save')}
        </Button>
      </Stack>
    </form>
  );
}

function OnFile({ label, value, testId }: { label: string; value: string | null; testId: string }) {
  const { t } = useTranslation();
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} data-testid={testId} className="wrap-anywhere">
        {value ?? t('bo.profile.notGiven')}
      </Text>
    </div>
  );
}
