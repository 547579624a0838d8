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

/**
 * Errors are logged without the statement and parameters a database error may
 * carry: those hold whatever the request sent, KYC numbers included.
 */
export function serializeError(error: Error): Record<string, unknown> {
  const { params: _params, query: _query, parameters: _parameters, ...rest } = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  return rest;
}

export function createLogger(options: { level: string; pretty?: boolean }): Logger {
  return pino({
    level: options.level,
    serializers: { err: serializeError },
    redact: { paths: REDACTED_PATHS, censor: '[masked]' },
    ...(options.pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  });
}
