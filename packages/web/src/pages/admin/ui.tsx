import './i18n.ts';
import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, TextInput, Textarea, Title, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { UseQueryResult } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { ApiError } from '../../lib/api.ts';

/** A screen of the console: its heading and, under it, what it shows. */
export function AdminPage({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={1} size="h2">
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Stack>
  );
}

const STATUS_COLOR: Record<string, string> = {
  open: 'blue', closed: 'gray', calculated: 'yellow', approved: 'orange', committed: 'teal', paid: 'green',
  preview: 'yellow', superseded: 'gray', reversed: 'red', active: 'green', terminated: 'red',
  pending: 'yellow', failed: 'red', draft: 'gray', exported: 'blue', settled: 'green',
};

/** A record's state as a coloured label, in the reader's language. */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status] ?? 'gray'} variant="light" data-testid={testId}>
      {t(`admin.status.${status}`, { defaultValue: status })}
    </Badge>
  );
}

export function errorText(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback;
}

export interface ConfirmProps {
  /** The button that opens the dialog. */
  label: string;
  title: string;
  /** What will happen, with the amounts and counts, shown before anything is sent. */
  children: ReactNode;
  confirmLabel: string;
  /** Ask for a reason (kept in the audit trail); required when `reasonRequired`. */
  reason?: { label: string; required?: boolean };
  /** Further values to ask for, each required (a carrier and its tracking number). */
  fields?: { name: string; label: string; testId?: string }[];
  onConfirm: (reason: string | undefined, values: Record<string, string>) => Promise<unknown>;
  color?: ButtonProps['color'];
  variant?: ButtonProps['variant'];
  testId?: string;
  disabled?: boolean;
}

/**
 * An action behind a dialog that says what it will do; nothing is sent until it is confirmed.
 * Every action that moves money, and every one that changes a member's standing, goes through it.
 */
export function ConfirmAction({ label, title, children, confirmLabel, reason, fields = [], onConfirm, color, variant, testId, disabled }: ConfirmProps) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const [text, setText] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const missingReason = reason?.required === true && text.trim() === '';
  const missingField = fields.some((field) => (values[field.name] ?? '').trim() === '');

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm(text.trim() === '' ? undefined : text.trim(), Object.fromEntries(fields.map((field) => [field.name, (values[field.name] ?? '').trim()])));
      setText('');
      setValues({});
      close();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button color={color} variant={variant ?? 'filled'} onClick={open} data-testid={testId} disabled={disabled}>
        {label}
      </Button>
      <Modal opened={opened} onClose={close} title={title} centered>
        <Stack gap="sm" data-testid={testId ? `${testId}-dialog` : undefined}>
          <div>{children}</div>
          {fields.map((field, index) => (
            <TextInput
              key={field.name}
              label={field.label}
              required
              maxLength={100}
              value={values[field.name] ?? ''}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setValues((current) => ({ ...current, [field.name]: value }));
              }}
              data-autofocus={index === 0 ? true : undefined}
              data-testid={field.testId}
            />
          ))}
          {reason && <Textarea label={reason.label} required={reason.required} value={text} onChange={(event) => setText(event.currentTarget.value)} autosize minRows={2} maxLength={500} data-autofocus />}
          {error !== null && (
            <Alert color="red" role="alert">
              {errorText(error, t('errors.unexpected'))}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('admin.common.cancel')}
            </Button>
            <Button color={color} onClick={() => void confirm()} loading={busy} disabled={missingReason || missingField} data-testid={testId ? `${testId}-confirm` : undefined}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** A label and its value, for summaries. */
export function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} className="num" data-testid={testId}>
        {children}
      </Text>
    </div>
  );
}

/** A query's waiting states (loading; the API's refusal with "try again"; nothing to show) before its data. */
export function QueryView<T>({ query, isEmpty, empty, children }: { query: UseQueryResult<T>; isEmpty?: (data: T) => boolean; empty?: ReactNode; children: (data: T) => ReactNode }) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <Empty>{empty}</Empty>;
  return <>{children(query.data)}</>;
}

/** A table's header row; numeric columns are set for figures. */
export function TableHead({ columns }: { columns: (string | { label: string; num?: boolean } | null)[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {columns.map((column, index) => {
          if (column === null) return null;
          const { label, num } = typeof column === 'string' ? { label: column, num: false } : column;
          return (
            <Table.Th key={index} className={num ? 'num' : undefined}>
              {label}
            </Table.Th>
          );
        })}
      </Table.Tr>
    </Table.Thead>
  );
}
