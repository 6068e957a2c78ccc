import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../../src/reports/csv.js';

describe('CSV (RFC 4180)', () => {
  it('quotes only what needs it, doubling quotes; null is an empty field', () => {
    expect(csvField('Tier 1')).toBe('Tier 1');
    expect(csvField('Acme, Inc.')).toBe('"Acme, Inc."');
    expect(csvField('the "A" team')).toBe('"the ""A"" team"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(false)).toBe('false');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@team')).toBe("'@team");
  });

  it('writes a header row and CRLF line ends', () => {
    expect(toCsv(['group', 'met'], [['Tier 1', 3], [null, 0]])).toBe('group,met\r\nTier 1,3\r\n,0\r\n');
  });
});
