/** The structured JSON logger (pino). Secrets are redacted wherever they might appear. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'sla-timer' },
    redact: {
      paths: ['*.secret', '*.token', '*.password', '*.authorization', 'req.headers.authorization', 'req.headers["x-signature"]', 'headers.authorization'],
      censor: '[redacted]',
    },
  });
}
