import { csvCell, startsLikeFormula } from './csv';
import { safeText } from './registry/register.contract';

describe('CSV formula guard', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+84 232 3822', "'+84 232 3822"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\tplain', "'\tplain"],
    ['\rplain', `"'\rplain"`],
    ['  =1+1', "'  =1+1"],
    ['\u00a0+1', "'\u00a0+1"],
    ['＝1+1', "'＝1+1"],
    ['＋84', "'＋84"],
    ['－1', "'－1"],
    ['＠cmd', "'＠cmd"],
  ])('neutralises %j so a spreadsheet shows it as text', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('leaves ordinary text and numbers alone', () => {
    expect(csvCell('Quảng trường Hồ Chí Minh')).toBe('Quảng trường Hồ Chí Minh');
    expect(csvCell('99.50')).toBe('99.50');
    expect(csvCell('Đường 12A - Minh Hóa')).toBe('Đường 12A - Minh Hóa');
    expect(csvCell('')).toBe('');
  });

  it('quotes a cell holding a comma, a quote or a line break', () => {
    expect(csvCell('Công ty "Ánh Dương", chi nhánh\nĐồng Hới')).toBe('"Công ty ""Ánh Dương"", chi nhánh\nĐồng Hới"');
  });

  it('quotes by the separator in use: a ; in a ;-separated file, not a comma', () => {
    expect(csvCell('Chợ; Ba Đồn', ';')).toBe('"Chợ; Ba Đồn"');
    expect(csvCell('Lưu: VT, IOC', ';')).toBe('Lưu: VT, IOC');
    expect(csvCell('Chợ; Ba Đồn')).toBe('Chợ; Ba Đồn');
    expect(csvCell('=1;2', ';')).toBe(`"'=1;2"`);
  });

  it('is the rule the register applies to free text', () => {
    for (const text of ['=1+1', '  +SUM(A1)', '＠cmd', '\t=1']) {
      expect(startsLikeFormula(text)).toBe(true);
      expect(safeText().safeParse(text).success).toBe(false);
    }
    expect(safeText().safeParse('Đường 12A - Minh Hóa').success).toBe(true);
  });
});
