import { Alert, Badge, Button, Code, Group, List, Paper, Select, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { api, ApiError, get } from '../../lib/api.ts';
import { useFormat } from '../../lib/use-format.ts';
import { useCan } from './access.ts';
import type { Lint, PlanVersion, PlanVersionDocument } from './types.ts';
import { AdminPage, ConfirmAction } from './ui.tsx';

/** Where a plan document is wrong, as the engine and the linter name it: a path into the document and a message. */
export interface PlanProblem {
  path: string;
  message: string;
  severity: 'error' | 'warning' | 'info';
}

/** The problems an answer carries: a refusal's details (PLAN_INVALID lists every wrong path) or the linter's findings. */
export function planProblems(answer: { error?: unknown; lint?: Lint }): PlanProblem[] {
  if (answer.error instanceof ApiError) {
    const issues = (answer.error.details as { issues?: { path?: string; message?: string }[] } | undefined)?.issues;
    if (Array.isArray(issues) && issues.length > 0) return issues.map((issue) => ({ path: issue.path || '(document)', message: issue.message ?? '', severity: 'error' }));
    return [{ path: '(document)', message: answer.error.message, severity: 'error' }];
  }
  return answer.lint?.findings.map((finding) => ({ path: finding.path, message: finding.message, severity: finding.severity })) ?? [];
}

const versionsQuery = { queryKey: ['admin', 'plans'], queryFn: () => get<{ items: PlanVersion[] }>('/api/plans').then((answer) => answer.items) };
const lintQuery = (id: number) => ({ queryKey: ['admin', 'plan-lint', id], queryFn: () => get<Lint>(`/api/plans/${id}/lint`) });

/** The plan document in an editor (checked in place, saved as a new version), and the stored versions side by side. */
export function PlansPage() {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const versions = useQuery(versionsQuery);
  const [source, setSource] = useState('');
  const check = useMutation({ mutationFn: (text: string) => api<Lint>('POST', '/api/plans/lint', { source: text }) });
  const problems = check.isIdle || check.isPending ? [] : planProblems({ error: check.error, lint: check.data });
  const errors = problems.filter((problem) => problem.severity === 'error').length;

  return (
    <AdminPage title={t('admin.plans.title')}>
      <Paper withBorder p="md" radius="md">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('admin.plans.editor')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('admin.plans.editorHint')}
          </Text>
          <Textarea
            label={t('admin.plans.document')}
            value={source}
            onChange={(event) => setSource(event.currentTarget.value)}
            autosize
            minRows={12}
            maxRows={30}
            spellCheck={false}
            styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
            data-testid="plan-source"
            error={errors > 0 ? t('admin.plans.errors', { count: errors }) : undefined}
          />
          <Group>
            <Button variant="light" onClick={() => check.mutate(source)} loading={check.isPending} disabled={source.trim() === ''} data-testid="plan-check">
              {t('admin.plans.check')}
            </Button>
            {can('plans:write') && (
              <ConfirmAction
                label={t('admin.plans.save')}
                title={t('admin.plans.saveTitle')}
                confirmLabel={t('admin.plans.saveConfirm')}
                disabled={source.trim() === '' || errors > 0}
                testId="plan-save"
                onConfirm={async () => {
                  await api('POST', '/api/plans', { source });
                  await queryClient.invalidateQueries({ queryKey: ['admin', 'plans'] });
                }}
              >
                <Text>{t('admin.plans.saveWhat')}</Text>
              </ConfirmAction>
            )}
          </Group>
          {check.isSuccess && problems.length === 0 && (
            <Alert color="green" data-testid="plan-ok">
              {t('admin.plans.clean')}
            </Alert>
          )}
          {problems.length > 0 && <Problems problems={problems} />}
          {check.data && (
            <div data-testid="plan-lint">
              <LintSummary lint={check.data} />
            </div>
          )}
        </Stack>
      </Paper>
      {versions.isPending ? <Loading /> : versions.error ? <ErrorState error={versions.error} /> : <Versions versions={versions.data} />}
    </AdminPage>
  );
}

/** Each problem at its path in the document. */
function Problems({ problems }: { problems: PlanProblem[] }) {
  const { t } = useTranslation();
  return (
    <Table data-testid="plan-problems">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('admin.plans.path')}</Table.Th>
          <Table.Th>{t('admin.plans.severity')}</Table.Th>
          <Table.Th>{t('admin.plans.problem')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {problems.map((problem, index) => (
          <Table.Tr key={`${problem.path}-${index}`} data-testid={`plan-problem-${problem.path}`}>
            <Table.Td>
              <Code>{problem.path}</Code>
            </Table.Td>
            <Table.Td>
              <Badge color={problem.severity === 'error' ? 'red' : problem.severity === 'warning' ? 'yellow' : 'gray'} variant="light">
                {t(`admin.plans.severityName.${problem.severity}`)}
              </Badge>
            </Table.Td>
            <Table.Td>{problem.message}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function LintSummary({ lint }: { lint: Lint }) {
  const { t } = useTranslation();
  const none = t('admin.common.none');
  return (
    <Stack gap={4}>
      <Text size="sm">{t('admin.plans.maxPayout', { max: lint.theoreticalMaxPayout ?? none, threshold: lint.threshold, cap: lint.cap ?? none })}</Text>
      <List size="sm">
        {lint.bonuses.map((bonus) => (
          <List.Item key={bonus.bonus}>{t('admin.plans.bonusShare', { bonus: bonus.bonus, share: bonus.maxShare ?? t(`admin.plans.kind.${bonus.kind}`) })}</List.Item>
        ))}
      </List>
    </Stack>
  );
}

/** Stored versions, and two of them side by side with their lint reports. */
function Versions({ versions }: { versions: PlanVersion[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const options = versions.map((version) => ({ value: String(version.id), label: `${version.plan} v${version.version} · ${f.date(version.effectiveFrom)}` }));
  const [left, setLeft] = useState<string | null>(options[1]?.value ?? options[0]?.value ?? null);
  const [right, setRight] = useState<string | null>(options[0]?.value ?? null);
  if (versions.length === 0) return <Empty>{t('admin.plans.noVersions')}</Empty>;
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        {t('admin.plans.versions')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} data-testid="plan-versions">
        {[
          [left, setLeft],
          [right, setRight],
        ].map(([value, set], index) => (
          <Stack key={index} gap="xs">
            <Select label={t('admin.plans.version')} data={options} value={value as string | null} onChange={set as (value: string | null) => void} allowDeselect={false} />
            {value && <VersionCard version={versions.find((version) => String(version.id) === value)!} />}
          </Stack>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

function VersionCard({ version }: { version: PlanVersion }) {
  const { t } = useTranslation();
  const f = useFormat();
  const lint = useQuery(lintQuery(version.id));
  return (
    <Stack gap="xs">
      <Text size="sm">{t('admin.plans.versionFacts', { plan: version.plan, version: version.version, from: f.date(version.effectiveFrom), saved: f.dateTime(version.createdAt) })}</Text>
      <Text size="sm">
        <Link to="/admin/plans/$id" params={{ id: String(version.id) }} data-testid={`plan-open-${version.id}`}>
          {t('admin.plans.read')}
        </Link>
      </Text>
      {lint.isPending ? (
        <Loading />
      ) : lint.error ? (
        <ErrorState error={lint.error} />
      ) : (
        <>
          <Text size="sm">{t('admin.plans.lintCounts', { errors: lint.data.errors, warnings: lint.data.warnings })}</Text>
          <LintSummary lint={lint.data} />
          {lint.data.findings.length > 0 && <Problems problems={planProblems({ lint: lint.data })} />}
        </>
      )}
    </Stack>
  );
}

/** One stored version: its document as saved (monospace, scrolling inside its box) beside the linter's report on it. */
export function PlanVersionPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const id = Number(useParams({ strict: false }).id ?? '');
  const valid = Number.isSafeInteger(id) && id > 0;
  const version = useQuery({ queryKey: ['admin', 'plan', id], queryFn: () => get<PlanVersionDocument>(`/api/plans/${id}`), enabled: valid });
  const lint = useQuery({ ...lintQuery(id), enabled: valid && version.isSuccess });
  const back = (
    <Button component={Link} to="/admin/plans" variant="subtle" size="xs">
      {t('admin.plans.all')}
    </Button>
  );
  if (!valid) return <AdminPage title={t('admin.plans.title')} actions={back}><Empty>{t('admin.plans.noSuchVersion')}</Empty></AdminPage>;
  if (version.isPending) return <Loading />;
  if (version.error) return <AdminPage title={t('admin.plans.title')} actions={back}><ErrorState error={version.error} onRetry={() => void version.refetch()} /></AdminPage>;
  const v = version.data;
  return (
    <AdminPage title={t('admin.plans.documentTitle', { plan: v.plan, version: v.version })} actions={back}>
      <Text size="sm">{t('admin.plans.versionFacts', { plan: v.plan, version: v.version, from: f.date(v.effectiveFrom), saved: f.dateTime(v.createdAt) })}</Text>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Paper withBorder p="md" radius="md" style={{ minWidth: 0 }}>
          <Title order={2} size="h4" mb="sm">
            {t('admin.plans.document')}
          </Title>
          <Code block data-testid="plan-document" style={{ maxHeight: '70vh', overflow: 'auto', whiteSpace: 'pre', fontSize: 13 }}>
            {v.source}
          </Code>
        </Paper>
        <Paper withBorder p="md" radius="md" style={{ minWidth: 0 }}>
          <Title order={2} size="h4" mb="sm">
            {t('admin.plans.lintTitle')}
          </Title>
          {lint.isPending ? (
            <Loading />
          ) : lint.error ? (
            <ErrorState error={lint.error} onRetry={() => void lint.refetch()} />
          ) : (
            <Stack gap="xs" data-testid="plan-version-lint">
              <Text size="sm">{t('admin.plans.lintCounts', { errors: lint.data.errors, warnings: lint.data.warnings })}</Text>
              <LintSummary lint={lint.data} />
              {lint.data.findings.length > 0 ? <Problems problems={planProblems({ lint: lint.data })} /> : <Text size="sm" c="dimmed">{t('admin.plans.clean')}</Text>}
            </Stack>
          )}
        </Paper>
      </SimpleGrid>
    </AdminPage>
  );
}
