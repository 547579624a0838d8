import { Alert, Button, Checkbox, Group, PasswordInput, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../lib/use-format.ts';
import { useCartLines } from './ShopCart.tsx';
import { checkOut, rememberOrder, shopQuery, type CheckoutRequest } from './shop-data.ts';

const newKey = () => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

/**
 * Checkout: who the customer is, where to ship, and optionally an account as
 * a preferred customer (preferred prices, and their orders after signing in).
 * Payment is cash or UPI to the distributor, recorded by them later.
 */
export function ShopCheckout() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { code } = useParams({ from: '/s/$code/checkout' });
  const shop = useQuery(shopQuery(code));
  const { cart, products, lines, total, currency } = useCartLines(code);
  const [form, setForm] = useState({ name: '', phone: '', email: '', line1: '', line2: '', city: '', state: '', pincode: '', password: '' });
  const [preferred, setPreferred] = useState(false);
  // One key per order attempt: a retried submit of the same order never places it twice.
  const key = useRef(newKey());
  const placing = useMutation({
    mutationFn: (body: CheckoutRequest) => checkOut(code, body, key.current),
    onSuccess: async (order) => {
      rememberOrder(order);
      cart.clear();
      key.current = newKey();
      await navigate({ to: '/s/$code/order/$number', params: { code, number: order.number } });
    },
  });
  if (products.isPending || shop.isPending) return <Loading />;
  if (products.isError) return <ErrorState error={products.error} />;
  if (shop.isError) return <ErrorState error={shop.error} />;
  if (lines.length === 0) {
    return (
      <Stack align="center">
        <Empty>{t('shop.cartEmpty')}</Empty>
        <Button component={Link} to={`/s/${code}`} variant="light">{t('shop.backToProducts')}</Button>
      </Stack>
    );
  }
  const field = (name: keyof typeof form) => ({
    value: form[name],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setForm((current) => ({ ...current, [name]: value }));
    },
  });
  const amount = total((product) => (preferred ? product.preferredPrice : product.retailPrice));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: CheckoutRequest = {
      customer: { name: form.name, phone: form.phone, ...(form.email.trim() ? { email: form.email.trim() } : {}) },
      shippingAddress: { line1: form.line1, ...(form.line2.trim() ? { line2: form.line2 } : {}), city: form.city, state: form.state, pincode: form.pincode },
      lines: lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
      paymentMethod: 'cash-or-upi',
      ...(preferred ? { account: { password: form.password } } : {}),
    };
    placing.mutate(body);
  };
  return (
    <Stack maw={720} component="form" onSubmit={submit}>
      <Title order={1} size="h2">{t('shop.checkoutTitle')}</Title>
      <Title order={2} size="h4">{t('shop.you')}</Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('shop.name')} required autoComplete="name" maxLength={200} {...field('name')} />
        <TextInput label={t('shop.phone')} required type="tel" autoComplete="tel" maxLength={30} {...field('phone')} />
        <TextInput label={preferred ? t('shop.email') : t('shop.emailOptional')} required={preferred} type="email" autoComplete="email" maxLength={254} {...field('email')} />
      </SimpleGrid>
      <Title order={2} size="h4">{t('shop.address')}</Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('shop.line1')} required autoComplete="address-line1" maxLength={200} {...field('line1')} />
        <TextInput label={t('shop.line2')} autoComplete="address-line2" maxLength={200} {...field('line2')} />
        <TextInput label={t('shop.city')} required autoComplete="address-level2" maxLength={100} {...field('city')} />
        <Select
          label={t('shop.state')}
          required
          searchable
          data={shop.data.states.map((state) => ({ value: state.code, label: state.name }))}
          value={form.state || null}
          onChange={(value) => setForm((current) => ({ ...current, state: value ?? '' }))}
          comboboxProps={{ withinPortal: true }}
          data-testid="shop-state"
        />
        <TextInput label={t('shop.pincode')} required inputMode="numeric" autoComplete="postal-code" maxLength={6} {...field('pincode')} />
      </SimpleGrid>
      <Checkbox label={t('shop.signUp')} description={t('shop.signUpHint')} checked={preferred} onChange={(event) => setPreferred(event.currentTarget.checked)} />
      {preferred && <PasswordInput label={t('shop.password')} description={t('shop.passwordHint')} required autoComplete="new-password" maxLength={200} {...field('password')} />}
      <Alert variant="light" color="teal" title={t('shop.paymentTitle')}>
        {t('shop.paymentCashOrUpi', { name: shop.data.name })}
      </Alert>
      <Group justify="space-between">
        <Text fw={700}>{t('shop.total')}</Text>
        <Text fw={700} className="figure" data-testid="checkout-total">{f.money(amount, currency)}</Text>
      </Group>
      {placing.isError && <ErrorState error={placing.error} />}
      <Button type="submit" size="md" loading={placing.isPending}>{t('shop.placeOrder')}</Button>
    </Stack>
  );
}
