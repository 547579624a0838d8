import { Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { api, get } from '../../lib/api.ts';
import type { Page } from '../../lib/types.ts';
import { useFormat } from '../../lib/use-format.ts';
import { useCan } from './access.ts';
import { AdminPage, ConfirmAction, StatusBadge, errorText } from './ui.tsx';

interface Product {
  id: number;
  sku: string;
  name: { en: string; hi: string };
  qv: number;
  cv: number;
  active: boolean;
  hsnCode: string | null;
  gstRate: number | null;
  prices: { currency: string; retailPrice: number; distributorPrice: number }[];
}

/** GST rates in force (per cent). */
const GST_RATES = ['0', '0.1', '0.25', '1.5', '3', '5', '18', '28', '40'];

/** The catalogue with its volumes, prices and GST fields; add, edit and take off sale. */
export function ProductsPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const can = useCan();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Product | null>(null);
  const [opened, { open, close }] = useDisclosure(false);
  const products = useQuery({ queryKey: ['admin', 'products'], queryFn: () => get<Page<Product>>('/api/products?active=all&limit=100') });
  const lang = i18n.language === 'hi' ? 'hi' : 'en';
  const edit = (product: Product | null) => {
    setEditing(product);
    open();
  };
  return (
    <AdminPage
      title={t('admin.products.title')}
      actions={
        can('products:write') && (
          <Button onClick={() => edit(null)} data-testid="add-product">
            {t('admin.products.add')}
          </Button>
        )
      }
    >
      {products.isPending ? (
        <Loading />
      ) : products.error ? (
        <ErrorState error={products.error} />
      ) : products.data.items.length === 0 ? (
        <Empty>{t('admin.products.none')}</Empty>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped data-testid="products">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.products.sku')}</Table.Th>
                <Table.Th>{t('admin.products.name')}</Table.Th>
                <Table.Th>{t('admin.products.retail')}</Table.Th>
                <Table.Th>{t('admin.products.distributor')}</Table.Th>
                <Table.Th>{t('admin.products.volumes')}</Table.Th>
                <Table.Th>{t('admin.products.gst')}</Table.Th>
                <Table.Th>{t('admin.members.status')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {products.data.items.map((product) => {
                const inr = product.prices.find((price) => price.currency === 'INR') ?? product.prices[0];
                return (
                  <Table.Tr key={product.id}>
                    <Table.Td>{product.sku}</Table.Td>
                    <Table.Td>{product.name[lang]}</Table.Td>
                    <Table.Td className="num">{inr ? f.money(inr.retailPrice, inr.currency) : ''}</Table.Td>
                    <Table.Td className="num">{inr ? f.money(inr.distributorPrice, inr.currency) : ''}</Table.Td>
                    <Table.Td className="num">{`${f.volume(product.qv)} / ${f.volume(product.cv)}`}</Table.Td>
                    <Table.Td>{product.gstRate === null ? t('admin.common.none') : `${f.volume(product.gstRate)}% · ${product.hsnCode ?? ''}`}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={product.active ? 'active' : 'closed'} />
                    </Table.Td>
                    <Table.Td>
                      {can('products:write') && (
                        <Group gap={4} wrap="nowrap">
                          <Button size="compact-sm" variant="light" onClick={() => edit(product)}>
                            {t('admin.members.edit')}
                          </Button>
                          {product.active && (
                            <ConfirmAction
                              label={t('admin.products.deactivate')}
                              title={t('admin.products.deactivateTitle', { sku: product.sku })}
                              confirmLabel={t('admin.products.deactivate')}
                              color="red"
                              variant="subtle"
                              onConfirm={async () => {
                                await api('POST', `/api/products/${product.sku}/deactivate`);
                                await queryClient.invalidateQueries({ queryKey: ['admin', 'products'] });
                              }}
                            >
                              <Text>{t('admin.products.deactivateWhat')}</Text>
                            </ConfirmAction>
                          )}
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={opened} onClose={close} title={editing ? t('admin.products.editTitle', { sku: editing.sku }) : t('admin.products.add')} size="lg">
        {opened && (
          <ProductForm
            product={editing}
            onDone={async () => {
              close();
              await queryClient.invalidateQueries({ queryKey: ['admin', 'products'] });
            }}
          />
        )}
      </Modal>
    </AdminPage>
  );
}

const toRupees = (minor: number | undefined) => (minor === undefined ? '' : minor / 100);
const toMinor = (rupees: number | string) => Math.round(Number(rupees) * 100);

function ProductForm({ product, onDone }: { product: Product | null; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const inr = product?.prices.find((price) => price.currency === 'INR');
  const [sku, setSku] = useState(product?.sku ?? '');
  const [nameEn, setNameEn] = useState(product?.name.en ?? '');
  const [nameHi, setNameHi] = useState(product?.name.hi ?? '');
  const [qv, setQv] = useState<number | string>(product?.qv ?? 0);
  const [cv, setCv] = useState<number | string>(product?.cv ?? 0);
  const [retail, setRetail] = useState<number | string>(toRupees(inr?.retailPrice));
  const [wholesale, setWholesale] = useState<number | string>(toRupees(inr?.distributorPrice));
  const [hsn, setHsn] = useState(product?.hsnCode ?? '');
  const [gst, setGst] = useState<string | null>(product?.gstRate === null || product?.gstRate === undefined ? null : String(product.gstRate));
  const [active, setActive] = useState(product?.active ?? true);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      sku,
      name: { en: nameEn, hi: nameHi },
      qv: Number(qv),
      cv: Number(cv),
      hsnCode: hsn.trim() || null,
      gstRate: gst === null ? null : Number(gst),
      prices: [{ currency: 'INR', retailPrice: toMinor(retail), distributorPrice: toMinor(wholesale) }],
      ...(product ? { active } : {}),
    };
    try {
      await (product ? api('PATCH', `/api/products/${product.id}`, body) : api('POST', '/api/products', body));
      await onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('admin.products.sku')} value={sku} onChange={(event) => setSku(event.currentTarget.value)} required />
          <TextInput label={t('admin.products.hsn')} value={hsn} onChange={(event) => setHsn(event.currentTarget.value)} />
          <TextInput label={t('admin.products.nameEn')} value={nameEn} onChange={(event) => setNameEn(event.currentTarget.value)} required />
          <TextInput label={t('admin.products.nameHi')} value={nameHi} onChange={(event) => setNameHi(event.currentTarget.value)} required />
          <NumberInput label={t('admin.products.retailRupees')} value={retail} onChange={setRetail} decimalScale={2} min={0} required />
          <NumberInput label={t('admin.products.distributorRupees')} value={wholesale} onChange={setWholesale} decimalScale={2} min={0} required />
          <NumberInput label={t('admin.products.qv')} value={qv} onChange={setQv} decimalScale={2} min={0} />
          <NumberInput label={t('admin.products.cv')} value={cv} onChange={setCv} decimalScale={2} min={0} />
          <Select label={t('admin.products.gstRate')} data={GST_RATES.map((rate) => ({ value: rate, label: `${rate}%` }))} value={gst} onChange={setGst} clearable />
          {product && <Switch label={t('admin.products.onSale')} checked={active} onChange={(event) => setActive(event.currentTarget.checked)} mt="lg" />}
        </SimpleGrid>
        {error !== null && (
          <Text c="red" role="alert">
            {errorText(error, t('errors.unexpected'))}
          </Text>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {t('admin.common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
