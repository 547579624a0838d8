import { ActionIcon, Badge, Button, Group, Modal, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { Stat } from '../components/Stat.tsx';
import { get } from '../lib/api.ts';
import { memberQuery, projectionQuery, statisticsQuery } from '../lib/queries.ts';
import { useMe } from '../lib/session.ts';
import type { DownlineMatch, FrontlineMember, Page } from '../lib/types.ts';
import { useFormat } from '../lib/use-format.ts';

const FRONTLINE_PAGE = 25;
type Tree = 'sponsor' | 'placement';

export function Team() {
  const { t } = useTranslation();
  const memberId = useMe().data?.user.memberId ?? null;
  const [card, setCard] = useState<number | null>(null);
  const [tree, setTree] = useState<Tree>('sponsor');
  if (memberId === null) return <Empty>{t('wallet.noMember')}</Empty>;
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="xs">
        <Title order={1} size="h2">
          {t('team.title')}
        </Title>
        <Button component={Link} to="/team/enroll" data-testid="enroll">
          {t('bo.enroll.open')}
        </Button>
      </Group>
      <Search memberId={memberId} onOpen={setCard} />
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" gap="xs" mb="xs" wrap="wrap">
          <Title order={2} size="h4">
            {tree === 'sponsor' ? t('team.tree') : t('bo.team.placementTree')}
          </Title>
          <SegmentedControl
            size="xs"
            value={tree}
            onChange={(value) => setTree(value as Tree)}
            data={[
              { value: 'sponsor', label: t('bo.team.sponsorView') },
              { value: 'placement', label: t('bo.team.placementView') },
            ]}
            aria-label={t('bo.team.view')}
          />
        </Group>
        <Text size="xs" c="dimmed" mb="sm">
          {tree === 'sponsor' ? t('team.treeHint') : t('bo.team.placementHint')}
        </Text>
        <Frontline key={tree} tree={tree} parent={memberId} depth={0} onOpen={setCard} />
      </Paper>
      <Levels memberId={memberId} />
      <Modal opened={card !== null} onClose={() => setCard(null)} title={t('team.card')} size="lg">
        {card !== null && <MemberCard member={card} />}
      </Modal>
    </Stack>
  );
}

/** One level of the sponsor tree, fetched when its parent is opened, paged. */
function Frontline({ parent, depth, onOpen, tree = 'sponsor' }: { parent: number; depth: number; onOpen: (member: number) => void; tree?: Tree }) {
  const { t } = useTranslation();
  const query = useInfiniteQuery({
    queryKey: ['frontline', tree, parent],
    initialPageParam: 0,
    queryFn: ({ pageParam }) => get<Page<FrontlineMember>>(`/api/members/${parent}/frontline?tree=${tree}&limit=${FRONTLINE_PAGE}&offset=${pageParam}`),
    getNextPageParam: (last) => (last.hasMore ? last.offset + last.limit : undefined),
  });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const items = query.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <Empty>{depth === 0 ? t('team.noFrontline') : t('team.noChildren')}</Empty>;
  return (
    <Stack gap={4} role={depth === 0 ? 'tree' : 'group'} aria-label={depth === 0 ? (tree === 'sponsor' ? t('team.tree') : t('bo.team.placementTree')) : undefined}>
      {items.map((member) => (
        <TreeNode key={member.id} member={member} depth={depth} onOpen={onOpen} tree={tree} />
      ))}
      {query.hasNextPage && (
        <Button size="xs" variant="subtle" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage} style={{ alignSelf: 'flex-start' }}>
          {t('common.more')}
        </Button>
      )}
    </Stack>
  );
}

function TreeNode({ member, depth, onOpen, tree }: { member: FrontlineMember; depth: number; onOpen: (member: number) => void; tree: Tree }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [open, setOpen] = useState(false);
  return (
    <div role="treeitem" aria-expanded={member.children > 0 ? open : undefined} aria-level={depth + 1} data-testid={`${tree === 'sponsor' ? 'node' : 'pnode'}-${member.code}`}>
      <Group gap="xs" wrap="nowrap" align="center">
        {member.children > 0 ? (
          <ActionIcon variant="light" size="sm" onClick={() => setOpen(!open)} aria-label={open ? t('team.collapse', { name: member.name }) : t('team.expand', { name: member.name })}>
            {open ? '−' : '+'}
          </ActionIcon>
        ) : (
          <span style={{ width: 22, flex: 'none' }} aria-hidden />
        )}
        <UnstyledButton onClick={() => onOpen(member.id)} style={{ minWidth: 0, flex: 1 }} aria-label={t('team.openCard', { name: member.name })}>
          <Group gap={6} wrap="wrap">
            <Text size="sm" fw={600} className="wrap-anywhere">
              {member.name}
            </Text>
            <Text size="xs" c="dimmed">
              {member.code}
            </Text>
            {member.rank && (
              <Badge size="xs" variant="light">
                {member.rank}
              </Badge>
            )}
            {member.type !== 'distributor' && (
              <Badge size="xs" variant="outline" color="gray">
                {t(`memberType.${member.type}`)}
              </Badge>
            )}
            {!member.active && member.type === 'distributor' && (
              <Badge size="xs" color="gray" variant="dot">
                {t('status.inactive')}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {tree === 'placement' && member.slot !== null ? `${t('bo.team.slot', { slot: member.slot })} · ` : ''}
            {t('team.nodeFigures', { pv: f.volume(member.pv), gv: f.volume(member.gv), team: f.count(member.teamSize) })}
          </Text>
          {tree === 'placement' && member.legs && (
            <Text size="xs" c="dimmed" data-testid={`legs-${member.code}`}>
              {t('bo.team.legs', { leftCount: f.count(member.legs.left.count), leftVolume: f.volume(member.legs.left.volume), rightCount: f.count(member.legs.right.count), rightVolume: f.volume(member.legs.right.volume) })}
            </Text>
          )}
        </UnstyledButton>
      </Group>
      {open && (
        <div className="tree-children">
          <Frontline parent={member.id} depth={depth + 1} onOpen={onOpen} tree={tree} />
        </div>
      )}
    </div>
  );
}

function Search({ memberId, onOpen }: { memberId: number; onOpen: (member: number) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const results = useQuery({
    queryKey: ['downline-search', memberId, debounced],
    enabled: debounced.length >= 2,
    queryFn: () => get<Page<DownlineMatch>>(`/api/members/${memberId}/downline?tree=sponsor&maxLevels=50&limit=20&q=${encodeURIComponent(debounced)}`),
  });
  return (
    <Stack gap="xs">
      <TextInput label={t('team.search')} placeholder={t('team.searchHint')} value={q} onChange={(event) => setQ(event.currentTarget.value)} type="search" />
      {debounced.length >= 2 &&
        (results.isPending ? (
          <Loading />
        ) : results.error ? (
          <ErrorState error={results.error} />
        ) : results.data.items.length === 0 ? (
          <Empty>{t('team.noMatch')}</Empty>
        ) : (
          <Stack gap={2} data-testid="search-results">
            {results.data.items.map((match) => (
              <UnstyledButton key={match.id} onClick={() => onOpen(match.id)} p={6}>
                <Group gap="xs" wrap="wrap">
                  <Text size="sm" fw={600}>
                    {match.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {match.code} · {t('team.levelsDown', { count: match.distance })}
                  </Text>
                </Group>
              </UnstyledButton>
            ))}
          </Stack>
        ))}
    </Stack>
  );
}

/** Rank, volumes and legs from the member's live standing; contact from their record. */
export function MemberCard({ member }: { member: number | string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const record = useQuery(memberQuery(member));
  const standing = useQuery(projectionQuery(member));
  if (record.isPending) return <Loading />;
  if (record.error) return <ErrorState error={record.error} />;
  const m = record.data;
  return (
    <Stack gap="sm" data-testid="member-card">
      <Group gap="xs">
        <Title order={3} size="h4" className="wrap-anywhere">
          {m.name}
        </Title>
        <Badge variant="light">{m.code}</Badge>
        <Badge variant="outline" color="gray">
          {t(`memberType.${m.type}`)}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        {t('team.joined', { date: f.date(m.joinedAt) })}
      </Text>
      <Group gap="lg">
        {m.phone && <Text size="sm">{t('team.phone', { phone: m.phone })}</Text>}
        {m.email && (
          <Text size="sm" className="wrap-anywhere">
            {t('team.email', { email: m.email })}
          </Text>
        )}
      </Group>
      {standing.isPending ? (
        <Loading />
      ) : standing.error ? (
        <ErrorState error={standing.error} />
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs">
          <Stat label={t('figures.rank')} value={standing.data.rank ?? t('rank.none')} />
          <Stat label={t('figures.pv')} value={f.volume(standing.data.pv)} />
          <Stat label={t('figures.gv')} value={f.volume(standing.data.gv)} />
          <Stat label={t('figures.leftLeg')} value={f.volume(standing.data.leftVolume)} />
          <Stat label={t('figures.rightLeg')} value={f.volume(standing.data.rightVolume)} />
          <Stat label={t('figures.status')} value={standing.data.active ? t('status.active') : t('status.inactive')} />
        </SimpleGrid>
      )}
    </Stack>
  );
}

function Levels({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const statistics = useQuery(statisticsQuery(memberId, 10));
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="xs">
        {t('team.levels')}
      </Title>
      {statistics.isPending ? (
        <Loading />
      ) : statistics.error ? (
        <ErrorState error={statistics.error} />
      ) : statistics.data.levels.length === 0 ? (
        <Empty>{t('team.noFrontline')}</Empty>
      ) : (
        <Table.ScrollContainer minWidth={280}>
          <Table striped data-testid="levels" horizontalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('team.level')}</Table.Th>
                <Table.Th className="num">{t('team.members')}</Table.Th>
                <Table.Th className="num">{t('team.actives')}</Table.Th>
                <Table.Th className="num">{t('figures.pv')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {statistics.data.levels.map((level) => (
                <Table.Tr key={level.level}>
                  <Table.Td>{f.count(level.level)}</Table.Td>
                  <Table.Td className="num">{f.count(level.members)}</Table.Td>
                  <Table.Td className="num">{f.count(level.actives)}</Table.Td>
                  <Table.Td className="num">{f.volume(level.volume)}</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr fw={700}>
                <Table.Td>{t('team.total')}</Table.Td>
                <Table.Td className="num">{f.count(statistics.data.total.members)}</Table.Td>
                <Table.Td className="num">{f.count(statistics.data.total.actives)}</Table.Td>
                <Table.Td className="num">{f.volume(statistics.data.total.volume)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
