import { Accordion, Anchor, Badge, Button, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../lib/use-format.ts';
import { MAX_QUANTITY, useCart } from './cart.ts';
import { inLanguage, shopProductQuery } from './shop-data.ts';

/** One product: price, what it is, how to use it, and the questions customers ask, from the product library. */
export function ShopProduct() {
  const { t } = useTranslation();
  const f = useFormat();
  const { code, sku } = useParams({ from: '/s/$code/p/$sku' });
  const product = useQuery(shopProductQuery(code, sku));
  const cart = useCart(code);
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState(false);
  if (product.isPending) return <Loading />;
  if (product.isError) return <ErrorState error={product.error} />;
  const p = product.data;
  const usage = inLanguage(p.usage, f.lang);
  const ingredients = inLanguage(p.ingredients, f.lang);
  return (
    <Stack maw={720}>
      <Anchor component={Link} to={`/s/${code}`} size="sm">
        {t('shop.backToProducts')}
      </Anchor>
      <Title order={1} size="h2" className="wrap-anywhere">{inLanguage(p.name, f.lang)}</Title>
      <Text>{inLanguage(p.description, f.lang)}</Text>
      <Group gap="md" wrap="wrap">
        <Text fw={700} size="xl" className="figure">{f.money(p.retailPrice, p.currency)}</Text>
        {p.preferredPrice < p.retailPrice && <Text size="sm" c="dimmed">{t('shop.preferredPrice', { price: f.money(p.preferredPrice, p.currency) })}</Text>}
      </Group>
      {p.certifications.length > 0 && (
        <Group gap="xs">
          {p.certifications.map((certification) => (
            <Badge key={certification} variant="light">{certification}</Badge>
          ))}
        </Group>
      )}
      {p.inStock ? (
        <Group align="flex-end" wrap="wrap">
          <NumberInput label={t('shop.quantity')} value={quantity} onChange={(value) => setQuantity(typeof value === 'number' ? value : 1)} min={1} max={MAX_QUANTITY} clampBehavior="strict" allowDecimal={false} w={120} />
          <Button onClick={() => { cart.add(p.sku, quantity); setAdded(true); }}>{t('shop.add')}</Button>
          {added && (
            <Anchor component={Link} to={`/s/${code}/cart`} role="status">
              {t('shop.addedGoToCart')}
            </Anchor>
          )}
        </Group>
      ) : (
        <Badge color="gray" variant="light">{t('shop.outOfStock')}</Badge>
      )}
      {usage && (
        <div>
          <Title order={2} size="h4">{t('shop.usage')}</Title>
          <Text>{usage}</Text>
        </div>
      )}
      {ingredients && (
        <div>
          <Title order={2} size="h4">{t('shop.ingredients')}</Title>
          <Text>{ingredients}</Text>
        </div>
      )}
      {p.faq.length > 0 && (
        <div>
          <Title order={2} size="h4">{t('shop.faq')}</Title>
          <Accordion>
            {p.faq.map((entry, index) => (
              <Accordion.Item key={index} value={String(index)}>
                <Accordion.Control>{inLanguage(entry.question, f.lang)}</Accordion.Control>
                <Accordion.Panel>{inLanguage(entry.answer, f.lang)}</Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        </div>
      )}
    </Stack>
  );
}
