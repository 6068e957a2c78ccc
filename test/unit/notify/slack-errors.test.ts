import { describe, expect, it } from 'vitest';
import { SlackPermanentError, SlackRetryableError, channelTargets, classifySlackError } from '../../../src/notify/index.js';
import { alert } from './notice-fixtures.js';

const coded = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(code), { code, ...extra });

describe('classifySlackError', () => {
  it('keeps Slack’s Retry-After of a rate-limited call, in ms', () => {
    const e = classifySlackError(coded('slack_webapi_rate_limited_error', { retryAfter: 7 }));
    expect(e).toBeInstanceOf(SlackRetryableError);
    expect(e).toMatchObject({ retryAfterMs: 7000, slackError: 'ratelimited', code: 'sla_slack_retryable' });
  });

  it('retries 5xx, timeouts and Slack’s transient platform errors', () => {
    expect(classifySlackError(coded('slack_webapi_http_error', { statusCode: 503 }))).toMatchObject({ slackError: 'http_503', retryAfterMs: undefined });
    expect(classifySlackError(coded('slack_webapi_request_error'))).toBeInstanceOf(SlackRetryableError);
    expect(classifySlackError(coded('slack_webapi_platform_error', { data: { error: 'internal_error' } }))).toBeInstanceOf(SlackRetryableError);
    expect(classifySlackError(new Error('socket hang up'))).toBeInstanceOf(SlackRetryableError);
  });

  it('gives up on refusals', () => {
    const e = classifySlackError(coded('slack_webapi_platform_error', { data: { error: 'channel_not_found' } }));
    expect(e).toBeInstanceOf(SlackPermanentError);
    expect(e).toMatchObject({ slackError: 'channel_not_found', code: 'sla_slack_failed' });
    expect(classifySlackError(coded('slack_webapi_http_error', { statusCode: 400 }))).toBeInstanceOf(SlackPermanentError);
  });
});

describe('channelTargets', () => {
  it('merges targets naming the same channel and their mentions', () => {
    const notice = alert({ kind: 'breach' }, {
      targets: [
        { slack: '#leads', mention: ['<@U1>'] },
        { slack: 'C0123ABCD', mention: [] },
        { slack: ' #leads ', mention: ['<@U1>', '<!here>'] },
        { slack: '', mention: ['<@U9>'] },
      ],
    });
    expect(channelTargets(notice)).toEqual([
      { channel: '#leads', mention: ['<@U1>', '<!here>'] },
      { channel: 'C0123ABCD', mention: [] },
    ]);
  });
});
