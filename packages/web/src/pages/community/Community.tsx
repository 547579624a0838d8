import { Anchor, Badge, Button, Group, Paper, Progress, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MemberScreen, ScreenTabs } from '../../components/MemberScreen.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { api, get } from '../../lib/api.ts';
import { inLanguage, type Announcement, type AppNotification, type CommunityEvent, type Course, type Lesson, type Message, type Recognition } from '../../lib/backoffice-types.ts';
import { memberQuery } from '../../lib/queries.ts';
import type { FrontlineMember, Page } from '../../lib/types.ts';
import { useFormat } from '../../lib/use-format.ts';
import { RecognitionChoice } from '../profile/RecognitionChoice.tsx';

const TABS = ['inbox', 'announcements', 'messages', 'training', 'events', 'recognition'] as const;

/** The team as a community: notifications, announcements, messages, training, events and recognition. */
export function CommunityPage() {
  const { t } = useTranslation();
  return (
    <MemberScreen title={t('bo.community.title')}>
      {(memberId) => (
        <ScreenTabs
          tabs={[
            { value: 'inbox', label: t('bo.community.tabs.inbox'), panel: <Inbox memberId={memberId} /> },
            { value: 'announcements', label: t('bo.community.tabs.announcements'), panel: <Announcements memberId={memberId} /> },
            { value: 'messages', label: t('bo.community.tabs.messages'), panel: <Messages memberId={memberId} /> },
            { value: 'training', label: t('bo.community.tabs.training'), panel: <Training /> },
            { value: 'events', label: t('bo.community.tabs.events'), panel: <Events /> },
            { value: 'recognition', label: t('bo.community.tabs.recognition'), panel: <RecognitionBoard memberId={memberId} /> },
          ]}
        />
      )}
    </MemberScreen>
  );
}

type NotificationPage = Page<AppNotification> & { unread: number };

function Inbox({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const notifications = useQuery({ queryKey: ['notifications', memberId, f.lang], queryFn: () => get<NotificationPage>(`/api/members/${memberId}/notifications?limit=50`) });
  const mark = useMutation({
    mutationFn: (body: { ids: number[] } | { all: true }) => api('POST', `/api/members/${memberId}/notifications/read`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['notifications', memberId] }),
  });
  if (notifications.isPending) return <Loading />;
  if (notifications.error) return <ErrorState error={notifications.error} onRetry={() => void notifications.refetch()} />;
  const { items, unread } = notifications.data;
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" data-testid="unread-count">
          {t('bo.community.unread', { count: unread })}
        </Text>
        {unread > 0 && (
          <Button size="xs" variant="light" onClick={() => mark.mutate({ all: true })} loading={mark.isPending}>
            {t('bo.community.markAllRead')}
          </Button>
        )}
      </Group>
      {items.length === 0 ? (
        <Empty>{t('bo.community.noNotifications')}</Empty>
      ) : (
        <Stack gap="xs" data-testid="notifications">
          {items.map((item) => (
            <Paper key={item.id} withBorder p="sm" radius="md" data-read={item.readAt ? 'yes' : 'no'} data-testid={`notification-${item.id}`}>
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <div style={{ minWidth: 0 }}>
                  <Group gap="xs">
                    {!item.readAt && (
                      <Badge size="xs" color="orange">
                        {t('bo.community.new')}
                      </Badge>
                    )}
                    <Text fw={600} size="sm" className="wrap-anywhere">
                      {item.subject}
                    </Text>
                  </Group>
                  <Text size="sm" className="wrap-anywhere">
                    {item.text}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {f.dateTime(item.createdAt)}
                  </Text>
                </div>
                {!item.readAt && (
                  <Button size="xs" variant="subtle" onClick={() => mark.mutate({ ids: [item.id] })} aria-label={t('bo.community.markReadOf', { subject: item.subject })}>
                    {t('bo.community.markRead')}
                  </Button>
                )}
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function Announcements({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['announcements', memberId], queryFn: () => get<Page<Announcement>>(`/api/members/${memberId}/announcements?limit=50`) });
  const read = useMutation({
    mutationFn: (id: number) => api('POST', `/api/members/${memberId}/announcements/${id}/read`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['announcements', memberId] }),
  });
  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.items.length === 0) return <Empty>{t('bo.community.noAnnouncements')}</Empty>;
  return (
    <Stack gap="sm" data-testid="announcements">
      {list.data.items.map((item) => (
        <Paper key={item.id} withBorder p="md" radius="md" lang={item.language}>
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Title order={2} size="h5" className="wrap-anywhere">
              {item.title}
            </Title>
            {!item.readAt && (
              <Button size="xs" variant="subtle" onClick={() => read.mutate(item.id)}>
                {t('bo.community.markRead')}
              </Button>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {item.author ? t('bo.community.from', { name: item.author.name }) : t('bo.community.fromCompany')} · {f.dateTime(item.createdAt)}
          </Text>
          <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap' }} className="wrap-anywhere">
            {item.body}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}

/** Messages with one's sponsor and frontline: pick who, read the thread, write. */
function Messages({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const me = useQuery(memberQuery(memberId));
  const frontline = useQuery({ queryKey: ['frontline-all', memberId], queryFn: () => get<Page<FrontlineMember>>(`/api/members/${memberId}/frontline?tree=sponsor&limit=200`) });
  const [withWhom, setWithWhom] = useState<string | null>(null);
  const [text, setText] = useState('');
  const thread = useQuery({
    queryKey: ['messages', memberId, withWhom],
    enabled: withWhom !== null,
    queryFn: () => get<Page<Message>>(`/api/members/${memberId}/messages?with=${encodeURIComponent(withWhom!)}&limit=50`),
  });
  const send = useMutation({
    mutationFn: () => api<Message>('POST', `/api/members/${memberId}/messages`, { to: withWhom, body: text.trim() }),
    onSuccess: () => {
      setText('');
      void queryClient.invalidateQueries({ queryKey: ['messages', memberId, withWhom] });
    },
  });
  if (me.isPending || frontline.isPending) return <Loading />;
  if (me.error || frontline.error) return <ErrorState error={me.error ?? frontline.error} />;
  const people = [
    ...(me.data.sponsor?.code ? [{ value: me.data.sponsor.code, label: t('bo.community.sponsor', { code: me.data.sponsor.code }) }] : []),
    ...frontline.data.items.map((member) => ({ value: member.code, label: `${member.name} (${member.code})` })),
  ];
  return (
    <Stack gap="sm">
      <Select label={t('bo.community.messageWith')} data={people} value={withWhom} onChange={setWithWhom} searchable nothingFoundMessage={t('team.noMatch')} />
      {withWhom !== null &&
        (thread.isPending ? (
          <Loading />
        ) : thread.error ? (
          <ErrorState error={thread.error} />
        ) : (
          <Stack gap="xs" data-testid="thread">
            {thread.data.items.length === 0 && <Empty>{t('bo.community.noMessages')}</Empty>}
            {[...thread.data.items].reverse().map((message) => (
              <Paper key={message.id} withBorder p="xs" radius="md" ml={message.from.id === memberId ? 'xl' : 0} mr={message.from.id === memberId ? 0 : 'xl'} bg={message.from.id === memberId ? 'teal.0' : undefined}>
                <Text size="xs" c="dimmed">
                  {message.from.name} · {f.dateTime(message.createdAt)}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} className="wrap-anywhere">
                  {message.body}
                </Text>
              </Paper>
            ))}
            {send.error && <ErrorState error={send.error} />}
            <Textarea label={t('bo.community.write')} value={text} onChange={(event) => setText(event.currentTarget.value)} maxLength={5000} autosize minRows={2} />
            <Button onClick={() => send.mutate()} disabled={!text.trim()} loading={send.isPending} style={{ alignSelf: 'flex-start' }}>
              {t('bo.community.send')}
            </Button>
          </Stack>
        ))}
    </Stack>
  );
}

function Training() {
  const { t } = useTranslation();
  const f = useFormat();
  const [open, setOpen] = useState<number | null>(null);
  const courses = useQuery({ queryKey: ['courses'], queryFn: () => get<{ items: Course[] }>('/api/courses') });
  if (courses.isPending) return <Loading />;
  if (courses.error) return <ErrorState error={courses.error} onRetry={() => void courses.refetch()} />;
  if (courses.data.items.length === 0) return <Empty>{t('bo.training.none')}</Empty>;
  return (
    <Stack gap="sm" data-testid="courses">
      {courses.data.items.map((course) => (
        <Paper key={course.id} withBorder p="md" radius="md">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Title order={2} size="h5" className="wrap-anywhere">
              {inLanguage(course.title, f.lang)}
            </Title>
            <Button size="xs" variant="light" onClick={() => setOpen(open === course.id ? null : course.id)} aria-expanded={open === course.id}>
              {open === course.id ? t('bo.training.close') : t('bo.training.open')}
            </Button>
          </Group>
          <Text size="sm">{inLanguage(course.description, f.lang)}</Text>
          <Progress value={course.lessons > 0 ? (course.completedLessons / course.lessons) * 100 : 0} mt="xs" aria-label={t('bo.training.progress', { done: course.completedLessons, total: course.lessons })} />
          <Text size="xs" c="dimmed" data-testid={`course-progress-${course.id}`}>
            {t('bo.training.progress', { done: course.completedLessons, total: course.lessons })}
          </Text>
          {open === course.id && <Lessons courseId={course.id} />}
        </Paper>
      ))}
    </Stack>
  );
}

function Lessons({ courseId }: { courseId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const course = useQuery({ queryKey: ['course', courseId], queryFn: () => get<Course & { items: Lesson[] }>(`/api/courses/${courseId}`) });
  const complete = useMutation({
    mutationFn: (lesson: number) => api('POST', `/api/lessons/${lesson}/complete`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['course', courseId] });
      void queryClient.invalidateQueries({ queryKey: ['courses'] });
    },
  });
  if (course.isPending) return <Loading />;
  if (course.error) return <ErrorState error={course.error} />;
  return (
    <Stack gap="sm" mt="sm">
      {course.data.items.map((lesson) => (
        <Paper key={lesson.id} withBorder p="sm" radius="sm" data-testid={`lesson-${lesson.id}`}>
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text fw={600}>{inLanguage(lesson.title, f.lang)}</Text>
            {lesson.completed ? (
              <Badge color="teal">{t('bo.training.done')}</Badge>
            ) : (
              <Button size="xs" onClick={() => complete.mutate(lesson.id)} loading={complete.isPending && complete.variables === lesson.id}>
                {t('bo.training.markDone')}
              </Button>
            )}
          </Group>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {inLanguage(lesson.body, f.lang)}
          </Text>
          {lesson.videoUrl && (
            <Anchor href={lesson.videoUrl} target="_blank" rel="noopener noreferrer" size="sm">
              {t('bo.training.video')}
            </Anchor>
          )}
          {lesson.file && (
            <Anchor href={`/api/training-files/${lesson.file.id}`} size="sm">
              {t('bo.training.download', { name: lesson.file.name })}
            </Anchor>
          )}
        </Paper>
      ))}
    </Stack>
  );
}

function Events() {
  const { t } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const events = useQuery({ queryKey: ['events'], queryFn: () => get<{ items: CommunityEvent[] }>('/api/events') });
  const register = useMutation({
    mutationFn: (id: number) => api('POST', `/api/events/${id}/registrations`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['events'] }),
  });
  if (events.isPending) return <Loading />;
  if (events.error) return <ErrorState error={events.error} onRetry={() => void events.refetch()} />;
  if (events.data.items.length === 0) return <Empty>{t('bo.events.none')}</Empty>;
  return (
    <Stack gap="sm" data-testid="events">
      {register.error && <ErrorState error={register.error} />}
      {events.data.items.map((event) => (
        <Paper key={event.id} withBorder p="md" radius="md" lang={event.language} data-testid={`event-${event.id}`}>
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Title order={2} size="h5" className="wrap-anywhere">
              {event.title}
            </Title>
            <Badge variant="light">{t(`bo.events.kinds.${event.kind}`)}</Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {f.dateTime(event.startsAt)} – {f.dateTime(event.endsAt)}
          </Text>
          {event.place && <Text size="sm">{t('bo.events.place', { place: event.place })}</Text>}
          {event.onlineUrl && (
            <Anchor href={event.onlineUrl} target="_blank" rel="noopener noreferrer" size="sm">
              {t('bo.events.online')}
            </Anchor>
          )}
          {event.description && <Text size="sm">{event.description}</Text>}
          <Group justify="space-between" mt="xs" wrap="wrap">
            <Text size="xs" c="dimmed">
              {event.capacity ? t('bo.events.registeredOf', { count: event.registered, capacity: event.capacity }) : t('bo.events.registered', { count: event.registered })}
            </Text>
            {event.myRegistration ? (
              <Badge color="teal" data-testid="registered">
                {t('bo.events.youAreRegistered')}
              </Badge>
            ) : (
              <Button size="xs" onClick={() => register.mutate(event.id)} loading={register.isPending && register.variables === event.id}>
                {t('bo.events.register')}
              </Button>
            )}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

const thisMonth = () => new Date().toISOString().slice(0, 7);
function lastMonths(count: number): string[] {
  const now = new Date();
  return Array.from({ length: count }, (_, index) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - index, 1)).toISOString().slice(0, 7));
}

function RecognitionBoard({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [month, setMonth] = useState(thisMonth());
  const board = useQuery({ queryKey: ['recognition', month], queryFn: () => get<Recognition>(`/api/recognition?month=${month}`) });
  return (
    <Stack gap="sm">
      <Select label={t('bo.recognition.month')} data={lastMonths(24).map((value) => ({ value, label: f.period(`${value}-01`, new Date(Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)), 0)).toISOString().slice(0, 10)) }))} value={month} onChange={(value) => value && setMonth(value)} allowDeselect={false} w={200} />
      {board.isPending ? (
        <Loading />
      ) : board.error ? (
        <ErrorState error={board.error} />
      ) : (
        <Stack gap="sm" data-testid="recognition">
          <Honour title={t('bo.recognition.ranks')} rows={board.data.rankAdvancements.map((row) => ({ key: row.code, name: row.name, detail: row.rank }))} />
          <Honour title={t('bo.recognition.sellers')} rows={board.data.topSellers.map((row) => ({ key: row.code, name: row.name, detail: f.money(row.customerSales, row.currency) }))} />
          <Honour title={t('bo.recognition.newMembers')} rows={board.data.newMembers.map((row) => ({ key: row.code, name: row.name, detail: f.date(row.joinedOn) }))} />
          <Text size="xs" c="dimmed">
            {t('bo.recognition.optOutHint')}
          </Text>
        </Stack>
      )}
      <RecognitionChoice memberId={memberId} />
    </Stack>
  );
}

function Honour({ title, rows }: { title: string; rows: { key: string; name: string; detail: string }[] }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h5" mb="xs">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('bo.recognition.nobody')}
        </Text>
      ) : (
        <Stack gap={2}>
          {rows.map((row) => (
            <Group key={row.key} justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" className="wrap-anywhere">
                {row.name}
              </Text>
              <Text size="sm" fw={600}>
                {row.detail}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
