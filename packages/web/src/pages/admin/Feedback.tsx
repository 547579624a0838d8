import { Badge, Button, Group, Paper, Rating, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../lib/api.ts';
import type { Page } from '../../lib/types.ts';
import { useFormat } from '../../lib/use-format.ts';
import { FEEDBACK_THEMES, summarise } from './feedback-summary.ts';
import type { FeedbackMonth } from './types.ts';
import { monthRange } from './months.ts';
import { AdminPage, QueryView, TableHead } from './ui.tsx';

/** GET /api/product-feedback: one distributor's rating and suggestion. */
interface Feedback {
  id: number;
  product: string;
  member: { code: string; name: string };
  rating: number;
  theme: string | null;
  suggestion: string;
  createdAt: string;
}
interface ProductName {
  sku: string;
  name: { en: string; hi: string };
}

const PAGE = 20;

/** What distributors said about the products: ratings per product and month, the themes they raised, and every suggestion. */
export function FeedbackPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const lang = i18n.language === 'hi' ? 'hi' : 'en';
  const report = useQuery({ queryKey: ['admin', 'feedback-report'], queryFn: () => get<{ items: FeedbackMonth[] }>('/api/reports/product-feedback') });
  const products = useQuery({ queryKey: ['admin', 'product-names'], queryFn: () => get<Page<ProductName>>('/api/products?active=all&limit=200') });
  const [product, setProduct] = useState<string | null>(null);
  const nameOf = (sku: string) => products.data?.items.find((item) => item.sku === sku)?.name[lang] ?? sku;
  const summaries = report.data ? summarise(report.data.items) : [];
  return (
    <AdminPage title={t('admin.feedback.title')}>
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h4" mb="sm">
          {t('admin.feedback.byProduct')}
        </Title>
        <QueryView query={report} isEmpty={(data) => data.items.length === 0} empty={t('admin.feedback.none')}>
          {() => (
          <Table.ScrollContainer minWidth={560}>
            <Table striped data-testid="feedback-products">
              <TableHead columns={[t('admin.feedback.product'), { label: t('admin.feedback.responses'), num: true }, t('admin.feedback.rating'), t('admin.feedback.themes'), '']} />
              <Table.Tbody>
                {summaries.map((summary) => (
                  <Table.Tr key={summary.product} data-testid={`feedback-product-${summary.product}`}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {nameOf(summary.product)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {summary.product}
                      </Text>
                    </Table.Td>
                    <Table.Td className="num">{f.count(summary.responses)}</Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Rating value={summary.averageRating} fractions={4} readOnly size="sm" />
                        <Text size="sm" className="num" data-testid="feedback-average">
                          {f.volume(Math.round(summary.averageRating * 100) / 100)}
                        </Text>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Themes themes={summary.themes} />
                    </Table.Td>
                    <Table.Td>
                      <Button size="compact-sm" variant="light" onClick={() => setProduct(summary.product)}>
                        {t('admin.feedback.suggestions')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          )}
        </QueryView>
      </Paper>
      {summaries.length > 0 && (
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h4" mb="sm">
            {t('admin.feedback.byMonth')}
          </Title>
          <Table.ScrollContainer minWidth={480}>
            <Table data-testid="feedback-months">
              <TableHead columns={[t('admin.feedback.product'), t('admin.feedback.month'), { label: t('admin.feedback.responses'), num: true }, { label: t('admin.feedback.rating'), num: true }]} />
              <Table.Tbody>
                {summaries.flatMap((summary) =>
                  summary.months.map((month) => (
                    <Table.Tr key={`${month.product}-${month.month}`}>
                      <Table.Td>{month.product}</Table.Td>
                      <Table.Td>{f.period(...monthRange(month.month))}</Table.Td>
                      <Table.Td className="num">{f.count(month.responses)}</Table.Td>
                      <Table.Td className="num">{f.volume(month.averageRating)}</Table.Td>
                    </Table.Tr>
                  )),
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <Suggestions product={product} onProduct={setProduct} products={summaries.map((summary) => ({ value: summary.product, label: `${nameOf(summary.product)} · ${summary.product}` }))} />
    </AdminPage>
  );
}

function Themes({ themes }: { themes: Record<string, number> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const raised = FEEDBACK_THEMES.filter((theme) => (themes[theme] ?? 0) > 0);
  if (raised.length === 0) return <Text size="sm" c="dimmed">{t('admin.common.none')}</Text>;
  return (
    <Group gap={4}>
      {raised.map((theme) => (
        <Badge key={theme} variant="light" color="gray" tt="none">
          {`${t(`admin.feedback.theme.${theme}`)} · ${f.count(themes[theme]!)}`}
        </Badge>
      ))}
    </Group>
  );
}

/** Every rating with its suggestion, newest first, for one product or all, a page at a time. */
function Suggestions({ product, onProduct, products }: { product: string | null; onProduct: (product: string | null) => void; products: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [offset, setOffset] = useState(0);
  const feedback = useQuery({
    queryKey: ['admin', 'feedback', product, offset],
    queryFn: () => get<Page<Feedback>>(`/api/product-feedback?limit=${PAGE}&offset=${offset}${product ? `&product=${encodeURIComponent(product)}` : ''}`),
  });
  const choose = (value: string | null) => {
    setOffset(0);
    onProduct(value);
  };
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" align="flex-end" mb="sm" wrap="wrap">
        <Title order={2} size="h4">
          {t('admin.feedback.suggestionsTitle')}
        </Title>
        <Select label={t('admin.feedback.product')} placeholder={t('admin.feedback.allProducts')} data={products} value={product} onChange={choose} clearable data-testid="feedback-product" />
      </Group>
      <QueryView query={feedback} isEmpty={(data) => data.items.length === 0} empty={t('admin.feedback.noSuggestions')}>
        {(data) => (
        <Stack gap="xs" data-testid="feedback-list">
          {data.items.map((item) => (
            <Paper key={item.id} withBorder p="sm" radius="sm" data-testid={`feedback-${item.id}`}>
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Group gap="xs" wrap="wrap">
                  <Rating value={item.rating} readOnly size="sm" aria-label={t('admin.feedback.stars', { count: item.rating })} />
                  <Text size="sm" fw={600}>
                    {item.product}
                  </Text>
                  {item.theme && (
                    <Badge variant="light" color="gray" tt="none">
                      {t(`admin.feedback.theme.${item.theme}`, { defaultValue: item.theme })}
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed">
                  {`${item.member.name} · ${item.member.code} · ${f.date(item.createdAt)}`}
                </Text>
              </Group>
              <Text size="sm" mt={4} className="wrap-anywhere">
                {item.suggestion || t('admin.feedback.noText')}
              </Text>
            </Paper>
          ))}
          <Group justify="space-between">
            <Button variant="default" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t('admin.common.previous')}
            </Button>
            <Button variant="default" disabled={!data.hasMore} onClick={() => setOffset(offset + PAGE)}>
              {t('admin.common.next')}
            </Button>
          </Group>
        </Stack>
        )}
      </QueryView>
    </Paper>
  );
}
