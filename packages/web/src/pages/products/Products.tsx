import { Alert, Anchor, Badge, Button, Group, Paper, Rating, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { api, get } from '../../lib/api.ts';
import { inLanguage, type Product, type ProductKnowledge } from '../../lib/backoffice-types.ts';
import { useFormat } from '../../lib/use-format.ts';
import { distributorPrice, productsQuery } from '../orders/Orders.tsx';

const THEMES = ['effect', 'taste', 'packaging', 'price', 'availability', 'other'] as const;

/** The product library: every product on sale, to open for its details, usage and questions. */
export function ProductsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const products = useQuery(productsQuery);
  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        {t('bo.products.title')}
      </Title>
      {products.isPending ? (
        <Loading />
      ) : products.error ? (
        <ErrorState error={products.error} onRetry={() => void products.refetch()} />
      ) : products.data.items.length === 0 ? (
        <Empty>{t('bo.products.none')}</Empty>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="product-list">
          {products.data.items.map((product) => (
            <Paper key={product.sku} withBorder p="md" radius="md">
              <Anchor component={Link} to={`/products/${encodeURIComponent(product.sku)}`} fw={600} className="wrap-anywhere">
                {inLanguage(product.name, f.lang)}
              </Anchor>
              <Text size="xs" c="dimmed">
                {product.sku}
              </Text>
              <Text size="sm" lineClamp={2} mt={4}>
                {inLanguage(product.description, f.lang)}
              </Text>
              <Prices product={product} />
            </Paper>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

function Prices({ product }: { product: Product }) {
  const { t } = useTranslation();
  const f = useFormat();
  const price = distributorPrice(product);
  if (!price) return null;
  return (
    <Group gap="xs" mt="xs" wrap="wrap">
      <Badge variant="light">{t('bo.products.retail', { price: f.money(price.retailPrice, price.currency) })}</Badge>
      <Badge variant="light" color="teal">
        {t('bo.products.distributor', { price: f.money(price.distributorPrice, price.currency) })}
      </Badge>
      <Badge variant="outline">{t('bo.products.qv', { qv: f.volume(product.qv) })}</Badge>
    </Group>
  );
}

/** One product: details and usage in the reader's language (from the product knowledge), and feedback. */
export function ProductPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { sku } = useParams({ from: '/signed-in/products/$sku' });
  const product = useQuery({ queryKey: ['product', sku], queryFn: () => get<Product>(`/api/products/${encodeURIComponent(sku)}`) });
  const knowledge = useQuery({ queryKey: ['product-knowledge', sku], queryFn: () => get<ProductKnowledge>(`/api/products/${encodeURIComponent(sku)}/knowledge`) });
  if (product.isPending) return <Loading />;
  if (product.error) return <ErrorState error={product.error} />;
  const p = product.data;
  const k = knowledge.data;
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/products" size="sm">
        {t('bo.products.back')}
      </Anchor>
      <Title order={1} size="h2" className="wrap-anywhere" data-testid="product-name">
        {inLanguage(p.name, f.lang)}
      </Title>
      <Text>{inLanguage(p.description, f.lang)}</Text>
      <Prices product={p} />
      {knowledge.isPending ? (
        <Loading />
      ) : knowledge.error ? (
        <ErrorState error={knowledge.error} />
      ) : (
        <Stack gap="md">
          <Section title={t('bo.products.usage')} text={k ? inLanguage(k.usage, f.lang) : ''} testId="product-usage" />
          <Section title={t('bo.products.ingredients')} text={k ? inLanguage(k.ingredients, f.lang) : ''} testId="product-ingredients" />
          {k && k.certifications.length > 0 && (
            <Group gap="xs">
              {k.certifications.map((certification) => (
                <Badge key={certification} variant="dot">
                  {certification}
                </Badge>
              ))}
            </Group>
          )}
          {k && k.faq.length > 0 && (
            <Paper withBorder p="md" radius="md">
              <Title order={2} size="h4" mb="xs">
                {t('bo.products.faq')}
              </Title>
              <Stack gap="sm">
                {k.faq.map((entry, index) => (
                  <div key={index}>
                    <Text fw={600}>{inLanguage(entry.question, f.lang)}</Text>
                    <Text size="sm">{inLanguage(entry.answer, f.lang)}</Text>
                  </div>
                ))}
              </Stack>
            </Paper>
          )}
        </Stack>
      )}
      <Feedback sku={p.sku} />
    </Stack>
  );
}

function Section({ title, text, testId }: { title: string; text: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid={testId}>
        {text || t('bo.products.notWritten')}
      </Text>
    </Paper>
  );
}

/** Rate the product 1–5 and suggest an improvement; the company sees it in its feedback report. */
function Feedback({ sku }: { sku: string }) {
  const { t } = useTranslation();
  const [rating, setRating] = useState(0);
  const [theme, setTheme] = useState<string | null>(null);
  const [suggestion, setSuggestion] = useState('');
  const send = useMutation({
    mutationFn: () => api('POST', `/api/products/${encodeURIComponent(sku)}/feedback`, { rating, theme, ...(suggestion.trim() ? { suggestion: suggestion.trim() } : {}) }),
    onSuccess: () => {
      setRating(0);
      setTheme(null);
      setSuggestion('');
    },
  });
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="xs">
        {t('bo.feedback.title')}
      </Title>
      <Stack gap="sm">
        {send.isSuccess && (
          <Alert color="teal" data-testid="feedback-sent">
            {t('bo.feedback.thanks')}
          </Alert>
        )}
        {send.error && <ErrorState error={send.error} />}
        <div>
          <Text size="sm" id="rating-label">
            {t('bo.feedback.rating')}
          </Text>
          <Rating value={rating} onChange={setRating} aria-labelledby="rating-label" data-testid="feedback-rating" />
        </div>
        <Select label={t('bo.feedback.theme')} data={THEMES.map((value) => ({ value, label: t(`bo.feedback.themes.${value}`) }))} value={theme} onChange={setTheme} clearable />
        <Textarea label={t('bo.feedback.suggestion')} value={suggestion} onChange={(event) => setSuggestion(event.currentTarget.value)} maxLength={2000} autosize minRows={2} />
        <Button onClick={() => send.mutate()} disabled={rating === 0} loading={send.isPending} style={{ alignSelf: 'flex-start' }}>
          {t('bo.feedback.send')}
        </Button>
      </Stack>
    </Paper>
  );
}
