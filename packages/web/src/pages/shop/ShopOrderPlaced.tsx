import { Alert, Button, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/use-format.ts';
import { inLanguage, recalledOrder, shopQuery } from './shop-data.ts';

/** The order is placed: its number, what was bought, and how to pay. */
export function ShopOrderPlaced() {
  const { t } = useTranslation();
  const f = useFormat();
  const { code, number } = useParams({ from: '/s/$code/order/$number' });
  const shop = useQuery(shopQuery(code));
  const order = recalledOrder(number);
  const name = shop.data?.name ?? '';
  return (
    <Stack maw={720}>
      <Title order={1} size="h2">{t('shop.thanks')}</Title>
      <Text>
        {t('shop.orderNumber')} <Text span fw={700} data-testid="order-number">{number}</Text>
      </Text>
      {order && (
        <Table>
          <Table.Tbody>
            {order.lines.map((line) => (
              <Table.Tr key={line.lineNo}>
                <Table.Td className="wrap-anywhere">{inLanguage(line.name, f.lang)} × {f.count(line.quantity)}</Table.Td>
                <Table.Td className="num">{f.money(line.amount, order.currency)}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td fw={700}>{t('shop.total')}</Table.Td>
              <Table.Td className="num" fw={700} data-testid="order-total">{f.money(order.amount, order.currency)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
      <Alert variant="light" color="teal" title={t('shop.howToPay')}>
        {order ? t('shop.payInstructions', { amount: f.money(order.amount, order.currency), name, number }) : t('shop.payInstructionsShort', { name, number })}
      </Alert>
      {order?.customer.account && <Text size="sm">{t('shop.accountCreated')}</Text>}
      <Button component={Link} to={`/s/${code}`} variant="light">{t('shop.continueShopping')}</Button>
    </Stack>
  );
}
