import { Button, CopyButton, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../../components/States.tsx';
import { memberQuery } from '../../lib/queries.ts';

/** The QR code drawn as SVG squares from the encoded modules: no canvas, no inline markup. */
export function QrCode({ text, size = 180, label }: { text: string; size?: number; label: string }) {
  const qr = useMemo(() => QRCode.create(text, { errorCorrectionLevel: 'M' }), [text]);
  const count = qr.modules.size;
  const quiet = 4;
  const cells: string[] = [];
  for (let row = 0; row < count; row++) for (let col = 0; col < count; col++) if (qr.modules.get(row, col)) cells.push(`M${col + quiet} ${row + quiet}h1v1h-1z`);
  const side = count + quiet * 2;
  return (
    <svg role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${side} ${side}`} shapeRendering="crispEdges" data-testid="referral-qr">
      <rect width={side} height={side} fill="#fff" />
      <path d={cells.join('')} fill="#000" />
    </svg>
  );
}

/** The distributor's referral link to their shop on this server, with its QR code and a copy button. */
export function ReferralCard({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const member = useQuery(memberQuery(memberId));
  if (member.isPending) return <Loading />;
  if (member.error) return <ErrorState error={member.error} />;
  const link = `${window.location.origin}/s/${encodeURIComponent(member.data.code)}`;
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('bo.referral.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('bo.referral.hint')}
        </Text>
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput label={t('bo.referral.link')} value={link} readOnly style={{ flex: '1 1 220px', minWidth: 0 }} data-testid="referral-link" onFocus={(event) => event.currentTarget.select()} />
          <CopyButton value={link}>
            {({ copied, copy }) => (
              <Button variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : undefined} onClick={copy}>
                {copied ? t('bo.referral.copied') : t('bo.referral.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <QrCode text={link} label={t('bo.referral.qr', { link })} />
      </Stack>
    </Paper>
  );
}
