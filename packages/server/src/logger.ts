import pino, { type Logger } from 'pino';

/** Fields that never reach a log line in clear: KYC numbers and credentials. */
export const REDACTED_PATHS = [
  'pan',
  'bankAccount',
  'bank_account',
  '*.pan',
  '*.bankAccount',
  '*.bank_account',
  'req.headers.authorization',
  'req.headers.cookie',
  'password',
  '*.password',
];

export function createLogger(options: { level: string; pretty?: boolean }): Logger {
  return pino({
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[masked]' },
    ...(options.pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  });
}
