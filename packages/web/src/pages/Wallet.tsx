import { Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { Stat } from '../components/Stat.tsx';
import { get } from '../lib/api.ts';
import { isFinal, periodsQuery, statementQuery } from '../lib/queries.ts';
import { useMe } from '../lib/session.ts';
import type { Wallet, WalletEntry } from '../lib/types.ts';
import { useFormat } from '../lib/use-format.ts';

const PAGE = 20;

export function WalletPage() {
  const { t } = useTranslation();
  const memberId = useMe().data?.user.memberId ?? null;
  const wallet = useInfiniteQuery({
    queryKey: ['wallet', memberId],
    enabled: memberId !== null,
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) => get<Wallet>(`/api/members/${memberId}/wallet?limit=${PAGE}${pageParam ? `&before=${pageParam}` : ''}`),
    getNextPageParam: (last) => last.nextBefore,
  });
  if (memberId === null) return <Empty>{t('wallet.noMember')}</Empty>;
  const entries = wallet.data?.pages.flatMap((page) => page.entries) ?? [];
  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        {t('wallet.title')}
      </Title>
      {wallet.isPending ? (
        <Loading />
      ) : wallet.error ? (
        <ErrorState error={wallet.error} onRetry={() => void wallet.refetch()} />
      ) : (
        <Balance wallet={wallet.data.pages[0]!} />
      )}
      <Tabs defaultValue="entries" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="entries">{t('wallet.entries')}</Tabs.Tab>
          <Tabs.Tab value="statements">{t('wallet.statements')}</Tabs.Tab>
          <Tabs.Tab value="payouts">{t('wallet.payouts')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="entries" pt="md">
          {wallet.data && (
            <Stack>
              <Entries entries={entries} />
              {wallet.hasNextPage && (
                <Button variant="light" onClick={() => void wallet.fetchNextPage()} loading={wallet.isFetchingNextPage} style={{ alignSelf: 'center' }}>
                  {t('common.more')}
                </Button>
              )}
            </Stack>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="statements" pt="md">
          <Statements memberId={memberId} />
        </Tabs.Panel>
        <Tabs.Panel value="payouts" pt="md">
          {wallet.data && <Payouts entries={entries} hasMore={wallet.hasNextPage} />}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Balance({ wallet }: { wallet: Wallet }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <Stat label={t('wallet.balance')} value={f.money(wallet.balance, wallet.currency)} hint={wallet.balance < 0 ? t('wallet.negative') : t('wallet.balanceHint')} testId="balance" />
    </SimpleGrid>
  );
}

function Entries({ entries }: { entries: WalletEntry[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (entries.length === 0) return <Empty>{t('wallet.noEntries')}</Empty>;
  return (
    <Table.ScrollContainer minWidth={280}>
      <Table striped data-testid="entries" horizontalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('wallet.when')}</Table.Th>
            <Table.Th>{t('wallet.what')}</Table.Th>
            <Table.Th className="num">{t('wallet.amount')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td>{f.date(entry.at)}</Table.Td>
              <Table.Td>
                <Text size="sm">{t(`ledger.${entry.kind}`)}</Text>
                <Text size="xs" c="dimmed" className="wrap-anywhere">
                  {entry.reference}
                </Text>
              </Table.Td>
              <Table.Td className="num" c={entry.amount < 0 ? 'red.8' : undefined}>
                {f.money(entry.amount)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A payout is posted as `payout:ID` when a batch is built, then `payout:ID:paid` or `payout:ID:failed` with the bank's answer. */
function Payouts({ entries, hasMore }: { entries: WalletEntry[]; hasMore: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const outcomes = new Map<string, string>();
  for (const entry of entries) {
    const match = /^payout:(\d+):(paid|failed)$/.exec(entry.reference);
    if (match) outcomes.set(match[1]!, match[2]!);
  }
  const payouts = entries.filter((entry) => entry.kind === 'payout' && /^payout:\d+$/.test(entry.reference));
  if (payouts.length === 0) return <Empty>{hasMore ? t('wallet.noPayoutsYetLoaded') : t('wallet.noPayouts')}</Empty>;
  return (
    <Table striped data-testid="payouts">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('wallet.when')}</Table.Th>
          <Table.Th>{t('wallet.status')}</Table.Th>
          <Table.Th className="num">{t('wallet.amount')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {payouts.map((entry) => {
          const status = outcomes.get(entry.reference.slice('payout:'.length)) ?? 'pending';
          return (
            <Table.Tr key={entry.id}>
              <Table.Td>{f.date(entry.at)}</Table.Td>
              <Table.Td>
                <Badge color={status === 'paid' ? 'teal' : status === 'failed' ? 'red' : 'yellow'} variant="light">
                  {t(`payout.${status}`)}
                </Badge>
              </Table.Td>
              <Table.Td className="num">{f.money(-entry.amount)}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/** A committed period's statement: every line with its explanation, then gross, tax withheld (TDS), fee and net. */
function Statements({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const periods = useQuery(periodsQuery);
  const final = (periods.data ?? []).filter(isFinal);
  const [chosen, setChosen] = useState<string | null>(null);
  const periodId = chosen ? Number(chosen) : final[0]?.id;
  const statement = useQuery({ ...statementQuery(memberId, periodId ?? 0), enabled: periodId !== undefined });
  if (periods.isPending) return <Loading />;
  if (periods.error) return <ErrorState error={periods.error} />;
  if (final.length === 0) return <Empty>{t('statement.none')}</Empty>;
  return (
    <Stack>
      <Select
        label={t('statement.period')}
        data={final.map((period) => ({ value: String(period.id), label: f.period(period.start, period.end) }))}
        value={String(periodId)}
        onChange={setChosen}
        allowDeselect={false}
        maw={260}
      />
      {statement.isPending ? (
        <Loading />
      ) : statement.error ? (
        <ErrorState error={statement.error} />
      ) : (
        <Paper withBorder p="md" radius="md" data-testid="statement">
          {statement.data.lines.length === 0 ? (
            <Empty>{t('statement.noLines')}</Empty>
          ) : (
            <Stack gap="xs">
              {statement.data.lines.map((line) => (
                <Group key={line.lineNo} justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600}>
                      {line.bonus}
                    </Text>
                    <Text size="xs" c="dimmed" className="wrap-anywhere">
                      {line.explanation}
                    </Text>
                  </div>
                  <Text size="sm" className="figure">
                    {f.money(line.amount, statement.data.currency)}
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
          <Table mt="md">
            <Table.Tbody>
              {(['gross', 'tds', 'fee', 'net'] as const).map((key) => (
                <Table.Tr key={key}>
                  <Table.Td fw={key === 'net' ? 700 : 400}>{t(`statement.${key}`)}</Table.Td>
                  <Table.Td className="num" fw={key === 'net' ? 700 : 400} data-testid={`statement-${key}`}>
                    {f.money(key === 'tds' || key === 'fee' ? -statement.data[key] : statement.data[key], statement.data.currency)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}
