/** The structured JSON logger (pino). Secrets are redacted wherever they might appear. */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Where a secret could end up in a log line: a config block or client options logged by
 * mistake (`*.secret`, `*.api_token`, …, one level deep, as pino's wildcards go), and the
 * credential headers of a request object. The request logger never logs headers or bodies;
 * this is the second line.
 */
export const REDACTED_PATHS = [
  '*.secret', '*.previous_secret', '*.additional_secrets', '*.signing_secret', '*.token', '*.api_token', '*.api_key',
  '*.access_token', '*.app_secret', '*.password', '*.authorization',
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-signature"]', 'req.headers["x-hub-signature"]',
  'req.headers["x-zendesk-webhook-signature"]', 'req.headers["x-helpscout-signature"]', 'req.headers["x-sla-token"]', 'req.headers["x-slack-signature"]',
  'headers.authorization', 'headers.cookie', 'headers["x-sla-token"]',
];

/**
 * `destination` defaults to stdout, written asynchronously: under load a line no longer costs
 * a blocking write each (lines written while one is in flight go out together), and pino
 * flushes what is left when the process exits. Tests pass their own to read the lines.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'sla-timer' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false }));
}
