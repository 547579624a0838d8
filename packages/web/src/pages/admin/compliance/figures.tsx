import { Badge, Box, Group, Progress, SimpleGrid, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../lib/use-format.ts';
import type { EvidenceOrder } from './types.ts';

/** How a flag's figure is written, by its name: money in paise, volumes in CV/QV points, shares in percent, a date. */
const MONEY = new Set(['paid', 'cvMoney', 'theoreticalMaximum', 'orderAmount', 'refundAmount', 'buyBackAmount', 'clawbacks', 'breakage']);
const VOLUME = /(Cv|Qv|^pv)$/;
/** The figures that are a threshold from the settings, not a measurement: the screen marks them. */
export const THRESHOLD_FIGURES = new Set(['warnBelowPercent', 'alertBelowPercent', 'warnAtPercent', 'warnAbovePercent', 'minimumPercent', 'multiple']);

export function usePercent() {
  const f = useFormat();
  /** A share already in percent (62.5), with up to two decimals, in the reader's digits. */
  return (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${f.volume(value)}%`);
}

/** One figure as the reader expects it. */
export function useFigure() {
  const f = useFormat();
  const percent = usePercent();
  return (name: string, value: unknown): string => {
    if (value === null || value === undefined) return '—';
    if (typeof value === 'number') {
      if (MONEY.has(name)) return f.money(value);
      if (name.endsWith('Percent')) return percent(value);
      if (name === 'multiple') return `${f.volume(value)}×`;
      if (VOLUME.test(name)) return f.volume(value);
      return f.count(value);
    }
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return f.date(value);
    return String(value);
  };
}

/** A flag's figures: what was measured, then the thresholds it was measured against (marked). */
export function Figures({ figures }: { figures: Record<string, unknown> }) {
  const { t } = useTranslation();
  const figure = useFigure();
  const names = Object.keys(figures);
  const ordered = [...names.filter((name) => !THRESHOLD_FIGURES.has(name)), ...names.filter((name) => THRESHOLD_FIGURES.has(name))];
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} spacing="xs" verticalSpacing={4} data-testid="flag-figures">
      {ordered.map((name) => (
        <div key={name}>
          <Group gap={4} wrap="wrap">
            <Text size="xs" c="dimmed" className="wrap-anywhere">
              {t(`admin.compliance.figure.${name}`, { defaultValue: name })}
            </Text>
            {THRESHOLD_FIGURES.has(name) && (
              <Badge size="xs" variant="outline" color="gray" style={{ maxWidth: '100%' }}>
                {t('admin.compliance.threshold')}
              </Badge>
            )}
          </Group>
          <Text size="sm" fw={600} className="num">
            {figure(name, figures[name])}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

/** The orders a flag cites: number, date, buyer, CV and amount. */
export function EvidenceTable({ orders }: { orders: EvidenceOrder[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table striped horizontalSpacing="xs" data-testid="flag-evidence">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.compliance.order')}</Table.Th>
            <Table.Th>{t('admin.compliance.date')}</Table.Th>
            <Table.Th>{t('admin.compliance.buyer')}</Table.Th>
            <Table.Th className="num">{t('admin.compliance.cv')}</Table.Th>
            <Table.Th className="num">{t('admin.compliance.amount')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {orders.map((order) => (
            <Table.Tr key={order.order}>
              <Table.Td>{order.order}</Table.Td>
              <Table.Td>{f.date(order.date)}</Table.Td>
              <Table.Td>{order.buyer}</Table.Td>
              <Table.Td className="num">{f.volume(order.cv)}</Table.Td>
              <Table.Td className="num">{f.money(order.amount)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export interface Mark {
  at: number;
  color: string;
  label: string;
}

/**
 * A share on a bar from 0 to `max` percent, with each threshold drawn across it at its place
 * (and written out under it, for readers who cannot see the marks).
 */
export function ShareBar({ value, marks, color, max = 100, label }: { value: number; marks: Mark[]; color: string; max?: number; label: string }) {
  const scale = Math.max(max, value, ...marks.map((mark) => mark.at));
  const place = (share: number) => `${Math.min(100, Math.max(0, (share / scale) * 100))}%`;
  return (
    <div>
      <Box pos="relative" py={4}>
        <Progress value={Math.min(100, (value / scale) * 100)} color={color} size="lg" aria-label={label} />
        {marks.map((mark) => (
          <Box key={mark.label} pos="absolute" top={0} bottom={0} w={3} bg={mark.color} style={{ left: place(mark.at), transform: 'translateX(-1px)', borderRadius: 1 }} title={mark.label} aria-hidden />
        ))}
      </Box>
      <Group gap="sm" wrap="wrap">
        {marks.map((mark) => (
          <Group key={mark.label} gap={4} wrap="nowrap">
            <Box w={10} h={10} bg={mark.color} style={{ borderRadius: 2, flex: 'none' }} aria-hidden />
            <Text size="xs" c="dimmed">
              {mark.label}
            </Text>
          </Group>
        ))}
      </Group>
    </div>
  );
}

/** A monitor's verdict as a coloured label: within bounds, a warning or an alert. */
export function Verdict({ level, testId }: { level: 'ok' | 'warning' | 'alert' | 'unmeasured'; testId?: string }) {
  const { t } = useTranslation();
  const color = level === 'alert' ? 'red' : level === 'warning' ? 'yellow' : level === 'ok' ? 'teal' : 'gray';
  return (
    <Badge color={color} variant="light" data-testid={testId} data-level={level}>
      {t(`admin.compliance.verdict.${level}`)}
    </Badge>
  );
}
