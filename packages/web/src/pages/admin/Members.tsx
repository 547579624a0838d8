import { Button, Group, NumberInput, Paper, SegmentedControl, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { api, get } from '../../lib/api.ts';
import { memberQuery, periodsQuery, projectionQuery } from '../../lib/queries.ts';
import type { FrontlineMember, Member, Page, Wallet } from '../../lib/types.ts';
import { useFormat } from '../../lib/use-format.ts';
import { useCan } from './access.ts';
import { AuditEntries } from './Audit.tsx';
import { AdminPage, ConfirmAction, Fact, StatusBadge } from './ui.tsx';

interface MemberHit {
  id: number;
  code: string;
  name: string;
  type: string;
  status: string;
  phone: string | null;
  email: string | null;
}
interface UplineEntry {
  id: number;
  code: string;
  name: string;
  distance: number;
}
interface OrderRow {
  id: number;
  number: string;
  businessDate: string;
  status: string;
  amount: number;
  currency: string;
  cv: number;
}

/** Members found by name, code or phone, paged. */
export function MembersPage() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const limit = 25;
  const search = useQuery({
    queryKey: ['admin', 'members', q, offset],
    queryFn: () => get<Page<MemberHit>>(`/api/members?limit=${limit}&offset=${offset}${q ? `&q=${encodeURIComponent(q)}` : ''}`),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setOffset(0);
    setQ(text.trim());
  };
  return (
    <AdminPage title={t('admin.members.title')}>
      <form onSubmit={submit} role="search">
        <Group align="flex-end">
          <TextInput label={t('admin.members.search')} value={text} onChange={(event) => setText(event.currentTarget.value)} style={{ flex: 1, minWidth: 200 }} data-testid="member-search" />
          <Button type="submit">{t('admin.common.search')}</Button>
        </Group>
      </form>
      {search.isPending ? (
        <Loading />
      ) : search.error ? (
        <ErrorState error={search.error} onRetry={() => void search.refetch()} />
      ) : search.data.items.length === 0 ? (
        <Empty>{t('admin.members.none')}</Empty>
      ) : (
        <>
          <Table.ScrollContainer minWidth={520}>
            <Table striped data-testid="members">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.members.code')}</Table.Th>
                  <Table.Th>{t('admin.members.name')}</Table.Th>
                  <Table.Th>{t('admin.members.type')}</Table.Th>
                  <Table.Th>{t('admin.members.status')}</Table.Th>
                  <Table.Th>{t('admin.members.phone')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {search.data.items.map((member) => (
                  <Table.Tr key={member.id}>
                    <Table.Td>
                      <Link to="/admin/members/$ref" params={{ ref: member.code }}>
                        {member.code}
                      </Link>
                    </Table.Td>
                    <Table.Td>{member.name}</Table.Td>
                    <Table.Td>{t(`memberType.${member.type}`)}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={member.status} />
                    </Table.Td>
                    <Table.Td>{member.phone ?? t('admin.common.none')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between">
            <Button variant="default" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - limit))}>
              {t('admin.common.previous')}
            </Button>
            <Button variant="default" disabled={!search.data.hasMore} onClick={() => setOffset(offset + limit)}>
              {t('admin.common.next')}
            </Button>
          </Group>
        </>
      )}
    </AdminPage>
  );
}

/** One member: profile, trees, volumes, orders and wallet, with the changes staff may make (each with its reason). */
export function MemberPage() {
  const { t } = useTranslation();
  const ref = useParams({ strict: false }).ref ?? '';
  const member = useQuery(memberQuery(ref));
  const can = useCan();
  if (member.isPending) return <Loading />;
  if (member.error) return <ErrorState error={member.error} />;
  const m = member.data;
  return (
    <AdminPage
      title={`${m.name} · ${m.code}`}
      actions={
        <Button component={Link} to="/admin/members" variant="subtle" size="xs">
          {t('admin.members.all')}
        </Button>
      }
    >
      <Group gap="xs">
        <StatusBadge status={m.status} testId="member-status" />
        <Text size="sm">{t(`memberType.${m.type}`)}</Text>
      </Group>
      <MemberActions member={m} />
      <Tabs defaultValue="profile" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="profile">{t('admin.members.profile')}</Tabs.Tab>
          <Tabs.Tab value="trees">{t('admin.members.trees')}</Tabs.Tab>
          {can('commissions:read') && <Tabs.Tab value="volumes">{t('admin.members.volumes')}</Tabs.Tab>}
          <Tabs.Tab value="orders">{t('admin.members.orders')}</Tabs.Tab>
          {can('commissions:read') && <Tabs.Tab value="wallet">{t('admin.members.wallet')}</Tabs.Tab>}
          {can('audit:read') && <Tabs.Tab value="audit">{t('admin.members.audit')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="profile" pt="md">
          <Profile member={m} />
        </Tabs.Panel>
        <Tabs.Panel value="trees" pt="md">
          <Trees member={m} />
        </Tabs.Panel>
        <Tabs.Panel value="volumes" pt="md">
          <Volumes code={m.code} />
        </Tabs.Panel>
        <Tabs.Panel value="orders" pt="md">
          <Orders code={m.code} />
        </Tabs.Panel>
        <Tabs.Panel value="wallet" pt="md">
          <MemberWallet code={m.code} />
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <Stack gap="sm">
            <Text size="sm">
              <Link to="/admin/audit" search={{ entity: 'member', ref: m.code }}>
                {t('admin.members.auditAll')}
              </Link>
            </Text>
            <AuditEntries filters={{ entity: 'member', ref: m.code }} />
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </AdminPage>
  );
}

function Profile({ member }: { member: Member }) {
  const { t } = useTranslation();
  const f = useFormat();
  const none = t('admin.common.none');
  return (
    <Paper withBorder p="md" radius="md">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Fact label={t('admin.members.phone')}>{member.phone ?? none}</Fact>
        <Fact label={t('admin.members.email')}>{member.email ?? none}</Fact>
        <Fact label={t('admin.members.region')}>{member.region ?? none}</Fact>
        <Fact label={t('admin.members.sponsor')}>{member.sponsor?.code ?? none}</Fact>
        <Fact label={t('admin.members.placement')}>{member.placement ? `${member.placement.parentCode ?? member.placement.parentId} / ${member.placement.slot ?? none}` : none}</Fact>
        <Fact label={t('admin.members.joined')}>{f.date(member.joinedAt)}</Fact>
        <Fact label={t('admin.members.kyc')}>{t(`admin.members.kycStatus.${member.kyc.status}`)}</Fact>
        <Fact label={t('admin.members.pan')}>{member.kyc.pan ?? none}</Fact>
        <Fact label={t('admin.members.bank')}>{member.kyc.bankAccount ? `${member.kyc.bankAccount} · ${member.kyc.bankIfsc ?? ''}` : none}</Fact>
      </SimpleGrid>
    </Paper>
  );
}

/** The member's upline and frontline in either tree, one level at a time. */
function Trees({ member }: { member: Member }) {
  const { t } = useTranslation();
  const [tree, setTree] = useState<'sponsor' | 'placement'>('sponsor');
  const upline = useQuery({ queryKey: ['admin', 'upline', member.code, tree], queryFn: () => get<{ upline: UplineEntry[] }>(`/api/members/${member.code}/upline?tree=${tree}`) });
  const frontline = useQuery({ queryKey: ['admin', 'frontline', member.code, tree], queryFn: () => get<Page<FrontlineMember>>(`/api/members/${member.code}/frontline?tree=${tree}&limit=50`) });
  return (
    <Stack>
      <SegmentedControl
        value={tree}
        onChange={(value) => setTree(value as 'sponsor' | 'placement')}
        data={[
          { value: 'sponsor', label: t('admin.members.sponsorTree') },
          { value: 'placement', label: t('admin.members.placementTree') },
        ]}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md" radius="md">
          <Title order={3} size="h5" mb="xs">
            {t('admin.members.upline')}
          </Title>
          {upline.isPending ? <Loading /> : upline.error ? <ErrorState error={upline.error} /> : upline.data.upline.length === 0 ? <Empty>{t('admin.members.top')}</Empty> : <MemberList items={upline.data.upline.map((entry) => ({ code: entry.code, name: entry.name, note: String(entry.distance) }))} />}
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Title order={3} size="h5" mb="xs">
            {t('admin.members.frontline')}
          </Title>
          {frontline.isPending ? <Loading /> : frontline.error ? <ErrorState error={frontline.error} /> : frontline.data.items.length === 0 ? <Empty>{t('admin.members.noFrontline')}</Empty> : <MemberList items={frontline.data.items.map((entry) => ({ code: entry.code, name: entry.name, note: t('admin.members.teamSize', { count: entry.teamSize }) }))} />}
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}

function MemberList({ items }: { items: { code: string; name: string; note: string }[] }) {
  return (
    <Table>
      <Table.Tbody>
        {items.map((item) => (
          <Table.Tr key={item.code}>
            <Table.Td>
              <Link to="/admin/members/$ref" params={{ ref: item.code }}>
                {item.code}
              </Link>
            </Table.Td>
            <Table.Td>{item.name}</Table.Td>
            <Table.Td className="num">{item.note}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Volumes({ code }: { code: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const projection = useQuery(projectionQuery(code));
  if (projection.isPending) return <Loading />;
  if (projection.error) return <ErrorState error={projection.error} />;
  const p = projection.data;
  return (
    <Paper withBorder p="md" radius="md">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Fact label={t('figures.pv')}>{f.volume(p.pv)}</Fact>
        <Fact label={t('figures.gv')}>{f.volume(p.gv)}</Fact>
        <Fact label={t('figures.rank')}>{p.rank ?? t('admin.common.none')}</Fact>
        <Fact label={t('figures.projected')}>{f.money(p.projectedEarnings)}</Fact>
      </SimpleGrid>
    </Paper>
  );
}

function Orders({ code }: { code: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const orders = useQuery({ queryKey: ['admin', 'orders', code], queryFn: () => get<Page<OrderRow>>(`/api/orders?buyer=${encodeURIComponent(code)}&limit=50`) });
  if (orders.isPending) return <Loading />;
  if (orders.error) return <ErrorState error={orders.error} />;
  if (orders.data.items.length === 0) return <Empty>{t('admin.members.noOrders')}</Empty>;
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table striped data-testid="member-orders">
        <Table.Tbody>
          {orders.data.items.map((order) => (
            <Table.Tr key={order.id}>
              <Table.Td>{order.number}</Table.Td>
              <Table.Td>{f.date(order.businessDate)}</Table.Td>
              <Table.Td>{order.status}</Table.Td>
              <Table.Td className="num">{f.money(order.amount, order.currency)}</Table.Td>
              <Table.Td className="num">{f.volume(order.cv)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The wallet as the ledger has it, and a manual correction behind a dialog that states the new balance. */
function MemberWallet({ code }: { code: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const can = useCan();
  const queryClient = useQueryClient();
  const [rupees, setRupees] = useState<number | string>('');
  const wallet = useQuery({ queryKey: ['admin', 'wallet', code], queryFn: () => get<Wallet>(`/api/members/${code}/wallet?limit=50`) });
  if (wallet.isPending) return <Loading />;
  if (wallet.error) return <ErrorState error={wallet.error} />;
  const amount = typeof rupees === 'number' ? Math.round(rupees * 100) : 0;
  return (
    <Stack>
      <Fact label={t('admin.members.balance')} testId="member-balance">
        {f.money(wallet.data.balance)}
      </Fact>
      {can('commissions:run') && (
        <Group align="flex-end">
          <NumberInput label={t('admin.members.adjustAmount')} value={rupees} onChange={setRupees} decimalScale={2} allowDecimal style={{ maxWidth: 220 }} data-testid="adjust-amount" />
          <ConfirmAction
            label={t('admin.members.adjust')}
            title={t('admin.members.adjustTitle', { code })}
            confirmLabel={t('admin.members.adjustConfirm')}
            reason={{ label: t('admin.common.reason'), required: true }}
            disabled={amount === 0}
            testId="adjust"
            onConfirm={async (reason) => {
              await api('POST', `/api/members/${code}/wallet/adjustments`, { amount, reason }, { 'idempotency-key': crypto.randomUUID() });
              setRupees('');
              await queryClient.invalidateQueries({ queryKey: ['admin', 'wallet', code] });
            }}
          >
            <Text>{t('admin.members.adjustWhat', { amount: f.money(amount), balance: f.money(wallet.data.balance), after: f.money(wallet.data.balance + amount) })}</Text>
          </ConfirmAction>
        </Group>
      )}
      <Table.ScrollContainer minWidth={480}>
        <Table striped>
          <Table.Tbody>
            {wallet.data.entries.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td>{f.dateTime(entry.at)}</Table.Td>
                <Table.Td>{t(`ledger.${entry.kind}`)}</Table.Td>
                <Table.Td>{entry.memo}</Table.Td>
                <Table.Td className="num">{f.money(entry.amount)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** Edit, change sponsor, move in the placement tree, terminate or reactivate: each asks why before it is sent. */
function MemberActions({ member }: { member: Member }) {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState(member.name);
  const [phone, setPhone] = useState(member.phone ?? '');
  const [region, setRegion] = useState(member.region ?? '');
  const [sponsor, setSponsor] = useState('');
  const [parent, setParent] = useState('');
  const [slot, setSlot] = useState('L');
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['member', member.code] });
    await queryClient.invalidateQueries({ queryKey: ['admin'] });
  };
  const active = member.status === 'active';
  // Tree changes take effect in an open period: the newest one (today's date may fall in none).
  const open = useQuery(periodsQuery).data?.find((period) => period.status === 'open');
  const effective = open ? { effectivePeriod: open.id } : {};
  return (
    <Group gap="xs" data-testid="member-actions">
      {can('members:write') && active && (
        <ConfirmAction
          label={t('admin.members.edit')}
          title={t('admin.members.editTitle', { code: member.code })}
          confirmLabel={t('admin.common.save')}
          variant="light"
          testId="edit-member"
          onConfirm={async () => {
            await api('PATCH', `/api/members/${member.code}`, { name: name.trim(), phone: phone.trim() || null, region: region.trim() || null });
            await refresh();
          }}
        >
          <Stack gap="xs">
            <TextInput label={t('admin.members.name')} value={name} onChange={(event) => setName(event.currentTarget.value)} required />
            <TextInput label={t('admin.members.phone')} value={phone} onChange={(event) => setPhone(event.currentTarget.value)} />
            <TextInput label={t('admin.members.region')} value={region} onChange={(event) => setRegion(event.currentTarget.value)} />
          </Stack>
        </ConfirmAction>
      )}
      {can('members:write') && active && member.sponsor && (
        <ConfirmAction
          label={t('admin.members.changeSponsor')}
          title={t('admin.members.changeSponsorTitle', { code: member.code })}
          confirmLabel={t('admin.members.changeSponsorConfirm')}
          variant="light"
          reason={{ label: t('admin.common.reason'), required: true }}
          testId="change-sponsor"
          onConfirm={async (reason) => {
            await api('PATCH', `/api/members/${member.code}`, { sponsor: sponsor.trim(), reason, ...effective });
            await refresh();
          }}
        >
          <Stack gap="xs">
            <Text size="sm">{t('admin.members.changeSponsorWhat', { from: member.sponsor.code ?? member.sponsor.id })}</Text>
            <TextInput label={t('admin.members.newSponsor')} value={sponsor} onChange={(event) => setSponsor(event.currentTarget.value)} required />
          </Stack>
        </ConfirmAction>
      )}
      {can('network:write') && active && member.placement && (
        <ConfirmAction
          label={t('admin.members.move')}
          title={t('admin.members.moveTitle', { code: member.code })}
          confirmLabel={t('admin.members.moveConfirm')}
          variant="light"
          reason={{ label: t('admin.common.reason'), required: true }}
          testId="move-member"
          onConfirm={async (reason) => {
            await api('POST', `/api/members/${member.code}/placement`, { parent: parent.trim(), slot: /^\d+$/.test(slot) ? Number(slot) : slot, reason, ...effective });
            await refresh();
          }}
        >
          <Stack gap="xs">
            <Text size="sm">{t('admin.members.moveWhat')}</Text>
            <TextInput label={t('admin.members.newParent')} value={parent} onChange={(event) => setParent(event.currentTarget.value)} required />
            <TextInput label={t('admin.members.slot')} value={slot} onChange={(event) => setSlot(event.currentTarget.value.toUpperCase())} required />
          </Stack>
        </ConfirmAction>
      )}
      {can('network:write') && active && (
        <ConfirmAction
          label={t('admin.members.terminate')}
          title={t('admin.members.terminateTitle', { code: member.code })}
          confirmLabel={t('admin.members.terminateConfirm')}
          color="red"
          variant="light"
          reason={{ label: t('admin.common.reason'), required: true }}
          testId="terminate"
          onConfirm={async (reason) => {
            await api('POST', `/api/members/${member.code}/terminate`, { reason, ...effective });
            await refresh();
          }}
        >
          <Text size="sm">{t('admin.members.terminateWhat', { name: member.name })}</Text>
        </ConfirmAction>
      )}
      {can('network:write') && !active && (
        <ConfirmAction
          label={t('admin.members.reactivate')}
          title={t('admin.members.reactivateTitle', { code: member.code })}
          confirmLabel={t('admin.members.reactivateConfirm')}
          reason={{ label: t('admin.common.reason'), required: true }}
          testId="reactivate"
          onConfirm={async (reason) => {
            await api('POST', `/api/members/${member.code}/reactivate`, { reason, ...effective, ...(sponsor.trim() ? { sponsor: sponsor.trim() } : {}) });
            await refresh();
            await navigate({ to: '/admin/members/$ref', params: { ref: member.code } });
          }}
        >
          <Stack gap="xs">
            <Text size="sm">{t('admin.members.reactivateWhat')}</Text>
            <TextInput label={t('admin.members.newSponsorOptional')} value={sponsor} onChange={(event) => setSponsor(event.currentTarget.value)} />
          </Stack>
        </ConfirmAction>
      )}
    </Group>
  );
}
