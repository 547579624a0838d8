import { Tabs } from '@mantine/core';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Empty } from '../../components/States.tsx';
import { ChecklistPanel } from './compliance/ChecklistPanel.tsx';
import { DisclosurePanel } from './compliance/DisclosurePanel.tsx';
import { FlagsPanel } from './compliance/FlagsPanel.tsx';
import { HoldsPanel } from './compliance/HoldsPanel.tsx';
import { MonitorsPanel } from './compliance/MonitorsPanel.tsx';
import { SettingsPanel } from './compliance/SettingsPanel.tsx';
import { AdminPage } from './ui.tsx';

const PANELS = {
  monitors: MonitorsPanel,
  flags: FlagsPanel,
  holds: HoldsPanel,
  checklist: ChecklistPanel,
  disclosure: DisclosurePanel,
  settings: SettingsPanel,
} as const;
type Panel = keyof typeof PANELS;
const isPanel = (value: string): value is Panel => (Object.keys(PANELS) as string[]).includes(value);

/**
 * The compliance officer's screen, one part at a time (each at its own address, so it stays
 * readable on a phone and can be shared): a period's monitors and scan, the flags with their
 * evidence, compliance holds, the India checklist, the income disclosure, and the settings.
 */
export function CompliancePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const tab = useParams({ strict: false }).tab ?? 'monitors';
  const Current = isPanel(tab) ? PANELS[tab] : null;
  return (
    <AdminPage title={t('admin.compliance.title')}>
      <Tabs value={tab} onChange={(value) => value && void navigate({ to: '/admin/compliance/$tab', params: { tab: value } })} keepMounted={false}>
        <Tabs.List data-testid="compliance-tabs">
          {(Object.keys(PANELS) as Panel[]).map((panel) => (
            <Tabs.Tab key={panel} value={panel} data-testid={`compliance-tab-${panel}`}>
              {t(`admin.compliance.tabs.${panel}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {Current ? <Current /> : <Empty>{t('admin.compliance.noSuchPart')}</Empty>}
    </AdminPage>
  );
}
