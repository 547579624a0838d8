import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import { logTransport, smtpTransport, type Transports } from './transports.ts';

/**
 * The transports a server uses: e-mail over SMTP (SAMOOH_SMTP_URL; in
 * production without it, the local mail server on port 25; in development
 * without it, the log); SMS and WhatsApp to the log until a gateway is plugged in.
 */
export function configuredTransports(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'production'>, log: Logger): Transports {
  const logged = logTransport(log);
  const smtpUrl = config.smtpUrl ?? (config.production ? 'smtp://127.0.0.1:25' : undefined);
  return { email: smtpUrl ? smtpTransport({ url: smtpUrl, from: config.mailFrom }) : logged, sms: logged, whatsapp: logged };
}
