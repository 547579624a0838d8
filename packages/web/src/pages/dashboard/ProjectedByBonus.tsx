import { Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Projection } from '../../lib/types.ts';
import { useFormat } from '../../lib/use-format.ts';

const KNOWN_TYPES = new Set(['retailProfit', 'fastStart', 'unilevel', 'matching', 'pool', 'rankAdvancement', 'binary', 'stairstep', 'matrix']);

/** Projected earnings bonus by bonus (as of the last full refresh), adding up to the projected total. */
export function ProjectedByBonus({ projection }: { projection: Projection }) {
  const { t } = useTranslation();
  const f = useFormat();
  const lines = projection.projectedByBonus;
  if (lines.length === 0) return null;
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4">
        {t('bo.byBonus.title')}
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('bo.byBonus.hint')}
      </Text>
      <Table data-testid="projected-by-bonus" horizontalSpacing="xs">
        <Table.Tbody>
          {lines.map((line) => (
            <Table.Tr key={line.bonus} data-testid={`bonus-${line.bonus}`}>
              <Table.Td>{KNOWN_TYPES.has(line.type) ? t(`bo.byBonus.types.${line.type}`) : line.bonus}</Table.Td>
              <Table.Td className="num">{f.money(line.amount)}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr fw={700}>
            <Table.Td>{t('bo.byBonus.total')}</Table.Td>
            <Table.Td className="num">{f.money(projection.projectedEarnings)}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
