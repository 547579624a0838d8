import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Language } from '../../db/schema.ts';
import type { OutboundChannel } from './notification-kinds.ts';

/** One message leaving Samooh: an e-mail, an SMS or a WhatsApp message. */
export interface OutgoingMessage {
  channel: OutboundChannel;
  /** E-mail address or phone number. */
  to: string;
  language: Language;
  subject: string;
  text: string;
}

/**
 * A way to send: SMTP for e-mail by default; SMS and WhatsApp gateways plug in
 * behind the same interface. send() resolves once the message is accepted and
 * throws when it was not (the outbox then retries later).
 */
export interface Transport {
  send(message: OutgoingMessage): Promise<void>;
  close?(): void;
}

export type Transports = Record<OutboundChannel, Transport>;

export interface SmtpSettings {
  /** smtp:// or smtps:// URL, with credentials if the server wants them. */
  url: string;
  from: string;
  /** Give up on an unreachable server after this long (the outbox retries later). */
  timeoutMs?: number;
}

/** E-mail over SMTP through nodemailer. */
export function smtpTransport(settings: SmtpSettings): Transport {
  const timeout = settings.timeoutMs ?? 15_000;
  const url = new URL(settings.url);
  const mailer = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(message) {
      await mailer.sendMail({
        from: settings.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        headers: { 'Content-Language': message.language },
      });
    },
    close: () => mailer.close(),
  };
}

/** Writes the message to the log instead of sending it: SMS and WhatsApp until a gateway is configured, e-mail in development. */
export function logTransport(log: Logger): Transport {
  return {
    async send(message) {
      log.info({ channel: message.channel, to: message.to, language: message.language, subject: message.subject, text: message.text }, 'notification (logged, not sent)');
    },
  };
}
