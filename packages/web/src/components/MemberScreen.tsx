import { Stack, Tabs, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../lib/session.ts';
import { Empty } from './States.tsx';

/** A back-office screen about the signed-in member: its heading, and its body given the member's id (staff without a member are told so). */
export function MemberScreen({ title, children }: { title: string; children: (memberId: number) => ReactNode }) {
  const { t } = useTranslation();
  const memberId = useMe().data?.user.memberId ?? null;
  if (memberId === null) return <Empty>{t('wallet.noMember')}</Empty>;
  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        {title}
      </Title>
      {children(memberId)}
    </Stack>
  );
}

/** Tabs whose panels are drawn only while shown (each fetches what it needs when opened). */
export function ScreenTabs({ tabs }: { tabs: { value: string; label: string; panel: ReactNode }[] }) {
  return (
    <Tabs defaultValue={tabs[0]?.value} keepMounted={false}>
      <Tabs.List>
        {tabs.map((tab) => (
          <Tabs.Tab key={tab.value} value={tab.value}>
            {tab.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {tabs.map((tab) => (
        <Tabs.Panel key={tab.value} value={tab.value} pt="md">
          {tab.panel}
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}
