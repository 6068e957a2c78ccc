import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeHmac, hmacMatches, safeEqualBytes } from '../../../integrations/shared/hmac-signature.js';

// RFC 4231 test case 2.
const KEY = 'Jefe';
const DATA = 'what do ya want for nothing?';
const HEX = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';

describe('computeHmac', () => {
  it('matches the RFC 4231 vector in hex and base64', () => {
    expect(computeHmac(KEY, DATA, 'hex')).toBe(HEX);
    expect(computeHmac(KEY, Buffer.from(DATA), 'base64')).toBe(Buffer.from(HEX, 'hex').toString('base64'));
  });

  it('supports other algorithms', () => {
    expect(computeHmac(KEY, DATA, 'hex', 'sha1')).toBe(createHmac('sha1', KEY).update(DATA).digest('hex'));
  });
});

describe('hmacMatches', () => {
  const payload = Buffer.from(DATA);

  it('accepts the right hex signature in either case', () => {
    expect(hmacMatches({ payload, signature: HEX, secrets: [KEY], encoding: 'hex' })).toBe(true);
    expect(hmacMatches({ payload, signature: HEX.toUpperCase(), secrets: [KEY], encoding: 'hex' })).toBe(true);
  });

  it('accepts base64 signatures (Zendesk style)', () => {
    const b64 = Buffer.from(HEX, 'hex').toString('base64');
    expect(hmacMatches({ payload, signature: b64, secrets: [KEY], encoding: 'base64' })).toBe(true);
    expect(hmacMatches({ payload, signature: b64, secrets: [KEY], encoding: 'hex' })).toBe(false);
  });

  it('accepts any of several secrets (rotation) and skips absent or empty ones', () => {
    expect(hmacMatches({ payload, signature: HEX, secrets: [undefined, '', 'new', KEY], encoding: 'hex' })).toBe(true);
    expect(hmacMatches({ payload, signature: HEX, secrets: ['new', undefined], encoding: 'hex' })).toBe(false);
    expect(hmacMatches({ payload, signature: HEX, secrets: [], encoding: 'hex' })).toBe(false);
  });

  it('refuses, without throwing, signatures of the wrong length or alphabet', () => {
    for (const signature of ['', HEX.slice(0, 62), `${HEX}00`, `${HEX.slice(0, 63)}`, `${HEX.slice(0, 62)}zz`, '!!!!']) {
      expect(hmacMatches({ payload, signature, secrets: [KEY], encoding: 'hex' }), signature).toBe(false);
    }
    expect(hmacMatches({ payload, signature: 'not base64 at all!', secrets: [KEY], encoding: 'base64' })).toBe(false);
    expect(hmacMatches({ payload, signature: 'AAAA', secrets: [KEY], encoding: 'base64' })).toBe(false);
  });

  it('refuses a signature of a different payload', () => {
    expect(hmacMatches({ payload: Buffer.from(`${DATA} `), signature: HEX, secrets: [KEY], encoding: 'hex' })).toBe(false);
  });
});

describe('safeEqualBytes', () => {
  it('compares buffers of any lengths', () => {
    expect(safeEqualBytes(Buffer.from('abc'), Buffer.from('abc'))).toBe(true);
    expect(safeEqualBytes(Buffer.from('abc'), Buffer.from('abd'))).toBe(false);
    expect(safeEqualBytes(Buffer.from('abc'), Buffer.from('abcd'))).toBe(false);
    expect(safeEqualBytes(Buffer.alloc(0), Buffer.alloc(0))).toBe(true);
  });
});
