import { decodeImportText, parsePlainDecimal } from './text';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('plain decimal numbers', () => {
  it.each([
    ['105.6', 105.6],
    ['-3', -3],
    [' 17.25 ', 17.25],
    ['0', 0],
    ['.5', 0.5],
  ])('reads %p as %p', (text, n) => expect(parsePlainDecimal(text)).toBe(n));

  it.each(['1,5', 'abc', 'Infinity', '-Infinity', 'NaN', '1e3', '+5', '0x10', '1 000', '12m', '', '-', '1.', '1.2.3'])(
    'refuses %p',
    (text) => expect(parsePlainDecimal(text)).toBeUndefined(),
  );
});

describe('decoding an uploaded file', () => {
  it('decodes UTF-8 bytes with Vietnamese diacritics untouched', () => {
    expect(decodeImportText(utf8('Chợ Ba Đồn'))).toEqual({ ok: true, text: 'Chợ Ba Đồn' });
  });

  it('drops a UTF-8 BOM from bytes and from a string', () => {
    expect(decodeImportText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('id,serial')]))).toEqual({ ok: true, text: 'id,serial' });
    expect(decodeImportText('\uFEFFid,serial')).toEqual({ ok: true, text: 'id,serial' });
  });

  it('refuses bytes that are not UTF-8 (Windows-1258, UTF-16) with how to save as UTF-8', () => {
    for (const bytes of [new Uint8Array([0x43, 0x68, 0xf5, 0x20]), new Uint8Array([0xff, 0xfe, 0x69, 0x00])]) {
      const result = decodeImportText(bytes);
      expect(result).toEqual({ ok: false, issue: { line: 0, field: '', reason: expect.stringMatching(/not UTF-8.*CSV UTF-8/) } });
    }
  });

  it('recognises a spreadsheet workbook uploaded instead of CSV', () => {
    const result = decodeImportText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]));
    expect(result).toEqual({ ok: false, issue: { line: 0, field: '', reason: expect.stringMatching(/workbook/) } });
  });
});
