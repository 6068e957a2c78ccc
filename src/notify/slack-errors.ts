/**
 * Errors of Slack calls, split by what the caller should do: retry later (the notify queue
 * owns retries and honours Slack's Retry-After) or give up (logged, counted as failed).
 */

/** Transient: rate limited (429), Slack 5xx, a timeout or a dropped connection. Retry, after `retryAfterMs` if given. */
export class SlackRetryableError extends Error {
  readonly code = 'sla_slack_retryable';
  constructor(
    message: string,
    /** Slack's Retry-After, in ms, when it sent one. */
    readonly retryAfterMs?: number,
    /** Slack's error code or the transport's (`ratelimited`, `http_503`, `request_error`, …). */
    readonly slackError?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SlackRetryableError';
  }
}

/** Permanent: Slack refused the call (`channel_not_found`, `not_in_channel`, `invalid_auth`, …). Retrying cannot help. */
export class SlackPermanentError extends Error {
  readonly code = 'sla_slack_failed';
  constructor(
    /** Slack's error code. */
    readonly slackError: string,
    message?: string,
    options?: { cause?: unknown },
  ) {
    super(message ?? `Slack refused the call: ${slackError}`, options);
    this.name = 'SlackPermanentError';
  }
}

/** Platform errors that Slack documents as transient. */
const RETRYABLE_PLATFORM_ERRORS = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org']);

/**
 * Maps an error thrown by @slack/web-api's WebClient (by its `code`: rate limited, HTTP,
 * request, platform) to a retryable or permanent error. Unknown errors count as retryable:
 * the queue bounds attempts, and a post that failed without an answer may be looked up later.
 */
export function classifySlackError(err: unknown): SlackRetryableError | SlackPermanentError {
  if (err instanceof SlackRetryableError || err instanceof SlackPermanentError) return err;
  const e = (err ?? {}) as { code?: string; message?: string; retryAfter?: number; statusCode?: number; data?: { error?: string } };
  const message = e.message ?? String(err);
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return new SlackRetryableError(`Slack rate limited the call; retry after ${e.retryAfter ?? '?'} s`, typeof e.retryAfter === 'number' ? e.retryAfter * 1000 : undefined, 'ratelimited', { cause: err });
    case 'slack_webapi_http_error': {
      const status = e.statusCode ?? 0;
      if (status >= 500 || status === 408) return new SlackRetryableError(`Slack answered HTTP ${status}`, undefined, `http_${status}`, { cause: err });
      return new SlackPermanentError(`http_${status}`, `Slack answered HTTP ${status}`, { cause: err });
    }
    case 'slack_webapi_request_error':
      return new SlackRetryableError(`Slack request failed: ${message}`, undefined, 'request_error', { cause: err });
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown_error';
      if (RETRYABLE_PLATFORM_ERRORS.has(code)) return new SlackRetryableError(`Slack error ${code}`, undefined, code, { cause: err });
      return new SlackPermanentError(code, undefined, { cause: err });
    }
    default:
      return new SlackRetryableError(`Slack call failed: ${message}`, undefined, 'unknown', { cause: err });
  }
}
