// The PDF is checked the way a reader sees it (an administrative document of Decree
// 30/2020/NĐ-CP with its annex): poppler's pdftotext reads the text layer
// back (the diacritics must survive the font's glyph-to-Unicode map) and pdftoppm renders
// the page (the page must show something). Those checks need Debian's poppler-utils and
// are skipped, with a message, only where its tools are missing; the font itself
// (Liberation Serif, fonts-liberation2, or DejaVu Serif) is required.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { largeReport, sampleReport } from './monthly-report.fixture';
import { documentNumber, placeAndDate, previewDocument, type ReportDocument } from './report-document';
import { REPORT_FONT_DIRS, resolveReportFonts } from './report-fonts';
import { renderReportPdf } from './report-pdf';

const latin1 = (pdf: Buffer) => pdf.toString('latin1');
/** Pages as pdfkit writes them: one `/Type /Page` dictionary each, and the tree's `/Count`. */
const pageObjects = (pdf: Buffer) => latin1(pdf).match(/\/Type \/Page\n/g)?.length ?? 0;
const pageTreeCount = (pdf: Buffer) => Number(/\/Type \/Pages\n\/Count (\d+)/.exec(latin1(pdf))?.[1]);

describe('monthly report PDF', () => {
  let small: Buffer;
  let large: Buffer;
  beforeAll(async () => {
    small = await renderReportPdf(sampleReport());
    large = await renderReportPdf(largeReport(500));
  });

  it('is a PDF file', () => {
    expect(small.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(latin1(small).trimEnd().endsWith('%%EOF')).toBe(true);
  });

  it('embeds a Times-like serif (Liberation Serif) in its four styles and uses none of the 14 standard fonts', () => {
    const text = latin1(small);
    expect(text).toContain('/FontFile2');
    for (const name of ['LiberationSerif', 'LiberationSerif-Bold', 'LiberationSerif-Italic', 'LiberationSerif-BoldItalic'])
      expect(text).toMatch(new RegExp(`/BaseFont /[A-Z]{6}\\+${name}\n`));
    expect(text).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier|Symbol|ZapfDingbats)/);
  });

  it('puts a small province on four pages: two of document, two of annex (portrait, then landscape)', () => {
    expect(pageObjects(small)).toBe(4);
    expect(latin1(small).match(/\/MediaBox \[0 0 595\.28 841\.89\]/g)?.length).toBe(2);
    expect(latin1(small).match(/\/MediaBox \[0 0 841\.89 595\.28\]/g)?.length).toBe(2);
  });

  it('lists at most 30 areas that miss the target in the body and all 500 in the annex', () => {
    expect(pageObjects(large)).toBe(23);
    expect(pageTreeCount(large)).toBe(23);
  });

  it('renders a month without any data on one page', async () => {
    const empty = {
      ...sampleReport(),
      province: {
        availability: null,
        devices: 0,
        incidents: { total: 0, bySeverity: {} },
        responseCompliance: { ack: null, resolve: null },
        coverage: { areasMeetingInstalledPct: null, areasMeetingOperationalPct: null },
      },
      areas: [],
      contractors: [],
      dailyAvailability: [],
    };
    expect(pageObjects(await renderReportPdf(empty))).toBe(3);
  });

  it('gives the same bytes for the same report', async () => {
    expect((await renderReportPdf(sampleReport())).equals(small)).toBe(true);
  });

  it('takes the fonts from the options', async () => {
    const { regular, bold, italic, boldItalic } = resolveReportFonts();
    const pdf = await renderReportPdf(sampleReport(), { fonts: { regular, bold, italic, boldItalic } });
    expect(pdf.equals(small)).toBe(true);
  });

  it('refuses to render without a Vietnamese font, naming the Debian package to install', async () => {
    await expect(renderReportPdf(sampleReport(), { fontDirs: ['/nonexistent/fonts'] })).rejects.toMatchObject({
      code: 'font_not_found',
      message: expect.stringContaining('apt-get install -y fonts-liberation2'),
    });
  });

  it('falls back to DejaVu Serif where Liberation Serif is not installed', async () => {
    const pdf = await renderReportPdf(sampleReport(), { fontDirs: ['/usr/share/fonts/truetype/dejavu'] });
    expect(latin1(pdf)).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSerif-BoldItalic\n/);
  });

  it('refuses a document without an issuer or with a symbol holding a slash', async () => {
    const document = { ...previewDocument('2026-12-01T00:05:00Z'), issuer: ' ', symbol: 'BC/IOC' };
    await expect(renderReportPdf(sampleReport(), { document })).rejects.toMatchObject({
      code: 'invalid_report',
      message: expect.stringMatching(/issuer.*symbol|symbol.*issuer/s),
    });
  });
});

describe('report fonts', () => {
  it('finds Liberation Serif where Debian installs it', () => {
    expect(REPORT_FONT_DIRS[0]).toBe('/usr/share/fonts/truetype/liberation2');
    const fonts = resolveReportFonts();
    expect(fonts.family).toBe('Liberation Serif');
    expect(fonts.italic.length).toBeGreaterThan(100_000);
  });

  it('names an unreadable font file', () => {
    const missing = '/nonexistent/Font.ttf';
    expect(() => resolveReportFonts({ regular: missing, bold: missing, italic: missing, boldItalic: missing })).toThrow(
      expect.objectContaining({ code: 'font_not_found', message: expect.stringContaining('/nonexistent/Font.ttf') }),
    );
  });

  it('refuses a file that is not a font', () => {
    const junk = Buffer.from('not a font at all, just bytes');
    expect(() => resolveReportFonts({ regular: junk, bold: junk, italic: junk, boldItalic: junk })).toThrow(expect.objectContaining({ code: 'font_unusable' }));
  });
});

const POPPLER_TOOLS = ['pdftotext', 'pdftoppm'];
const missingTools = POPPLER_TOOLS.filter((tool) => spawnSync(tool, ['-v']).error);
if (missingTools.length > 0)
  console.warn(
    `SKIPPED: the PDF read-back tests need ${missingTools.join(' and ')} from Debian's poppler-utils (apt-get install -y poppler-utils).`,
  );
const describeWithPoppler = missingTools.length === 0 ? describe : describe.skip;

/** Decodes a binary PGM (P5) image, as written by `pdftoppm -gray`. */
function readPgm(file: Buffer): { width: number; height: number; pixels: Buffer } {
  const header = /^P5\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(file.toString('latin1', 0, 100));
  if (!header) throw new Error('not a binary PGM file');
  const [all, width, height, maxval] = header;
  if (Number(maxval) !== 255) throw new Error(`unexpected PGM maxval ${maxval}`);
  const pixels = file.subarray(all.length);
  expect(pixels.length).toBe(Number(width) * Number(height));
  return { width: Number(width), height: Number(height), pixels };
}

describeWithPoppler('monthly report PDF read back with poppler', () => {
  let dir: string;
  let smallPath: string;
  let largePath: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-report-'));
    smallPath = join(dir, 'small.pdf');
    largePath = join(dir, 'large.pdf');
    writeFileSync(smallPath, await renderReportPdf(sampleReport()));
    writeFileSync(largePath, await renderReportPdf(largeReport(500)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const pageText = (file: string, page: number) =>
    execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-enc', 'UTF-8', '-layout', file, '-'], { encoding: 'utf8' });

  it('reads back as a Decree 30 document: national header, motto, issuing body, number, place and date, title, recipients, signer', () => {
    const text = pageText(smallPath, 1) + pageText(smallPath, 2);
    expect(text.normalize('NFC')).toBe(text);
    const doc = previewDocument(sampleReport().generatedAt);
    for (const phrase of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'SỞ THÔNG TIN VÀ TRUYỀN',
      'THÔNG TỈNH QUẢNG BÌNH',
      'TRUNG TÂM GIÁM SÁT,',
      'ĐIỀU HÀNH ĐÔ THỊ THÔNG MINH',
      `Số: ${documentNumber(doc)}`,
      'Số: 01/BC-IOC',
      'Quảng Bình, ngày 01 tháng 12 năm 2026',
      placeAndDate(doc),
      'BÁO CÁO',
      'I. TÌNH HÌNH CHUNG',
      'Nơi nhận:',
      '- UBND tỉnh (để báo cáo);',
      '- Lưu: VT, IOC.',
      'GIÁM ĐỐC',
      'Nguyễn Văn A',
      'Trung tâm Giám sát, điều hành đô thị thông minh báo cáo./.',
    ])
      expect(text).toContain(phrase.normalize('NFC'));
    // The body names the areas that miss the target, with their gaps, and the contractors.
    for (const phrase of ['Cảng cá Nhật Lệ (Thành phố Đồng Hới; mã DH-NL)', 'Chợ Ba Đồn', 'Cửa khẩu Cha Lo', '98,87%', '1.284', 'Viễn thông Quảng Bình (VNPT)'])
      expect(text).toContain(phrase);
    expect(text).not.toContain('Vườn quốc gia Phong Nha – Kẻ Bàng, bến thuyền Xuân Sơn (Huyện Bố Trạch; mã'); // it meets the target
  });

  it('writes the gaps of an area that misses the target', async () => {
    const report = sampleReport();
    report.areas[1].gaps = [
      { purpose: 'traffic', checkpoints: 12, uncoveredInstalled: 0, uncoveredOperational: 1 },
      { purpose: 'security', checkpoints: 8, uncoveredInstalled: 2, uncoveredOperational: 3 },
    ];
    const file = join(dir, 'gaps.pdf');
    writeFileSync(file, await renderReportPdf(report));
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '2', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('giao thông: 1 điểm có camera chưa hoạt động; an ninh trật tự: 2/8 điểm chưa có camera, 1 điểm có camera chưa hoạt động.');
  });

  it('has the annex with the figures as tables, the area names with their diacritics', () => {
    const text = pageText(smallPath, 3) + pageText(smallPath, 4);
    for (const phrase of ['Phụ lục', 'Kèm theo Báo cáo số 01/BC-IOC ngày 01/12/2026 của Trung tâm Giám sát, điều hành đô thị thông minh', '1. Tổng hợp toàn tỉnh', '2. Tỷ lệ sẵn sàng theo ngày', '3. Khu vực trọng điểm', '4. Nhà thầu bảo trì'])
      expect(text).toContain(phrase.normalize('NFC'));
    for (const phrase of ['Cảng cá Nhật Lệ', 'Huyện Lệ Thủy', 'Cửa khẩu Cha Lo', 'Viễn thông Quảng Bình (VNPT)', '98,87%', '1.284', 'Chưa đạt'])
      expect(text).toContain(phrase);
  });

  it('takes the issuer, number, place, recipients and signer from the document', async () => {
    const document: ReportDocument = {
      parentBody: 'Ủy ban nhân dân tỉnh Quảng Bình',
      issuer: 'Sở Thông tin và Truyền thông',
      number: 12,
      symbol: 'BC-STTTT',
      place: 'Quảng Bình',
      issuedOn: '2027-02-03',
      recipients: ['Bộ Thông tin và Truyền thông', 'Lưu: VT, CĐS'],
      signer: { title: ['KT. Giám đốc', 'Phó Giám đốc'], name: 'Trần Thị Bích' },
    };
    const file = join(dir, 'department.pdf');
    writeFileSync(file, await renderReportPdf(sampleReport(), { document }));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-'], { encoding: 'utf8' });
    for (const phrase of ['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG BÌNH', 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG', 'Số: 12/BC-STTTT', 'Quảng Bình, ngày 03 tháng 02 năm 2027', '- Bộ Thông tin và Truyền thông;', 'KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', 'Trần Thị Bích', 'Kèm theo Báo cáo số 12/BC-STTTT ngày 03/02/2027 của Sở Thông tin và Truyền thông'])
      expect(text).toContain(phrase);
  });

  it('numbers pages from the second, in the top margin, the annex on its own, and repeats a long table header on every page', () => {
    const codes: string[] = [];
    const annexStart = 4; // three pages of document (30 areas listed), then the annex
    expect(pageText(largePath, 1)).not.toMatch(/^\s*1\s*$/m);
    expect(pageText(largePath, 2).split('\n')[0].trim()).toBe('2');
    expect(pageText(largePath, annexStart)).toContain('Phụ lục');
    for (let page = annexStart; page <= 23; page++) {
      const text = pageText(largePath, page);
      if (page > annexStart) expect(text.split('\n')[0].trim()).toBe(String(page - annexStart + 1));
      if (page > annexStart + 1) expect(text).toMatch(/3\. Khu vực trọng điểm \(tiếp theo\)|4\. Nhà thầu bảo trì/);
      codes.push(...(text.match(/KV-\d{4}/g) ?? []));
    }
    expect(codes).toEqual(Array.from({ length: 500 }, (_, i) => `KV-${String(i + 1).padStart(4, '0')}`));
    expect(pageText(largePath, 23)).toContain('4. Nhà thầu bảo trì');
  });

  it('renders page 1 as a visible A4 page, not a blank one', () => {
    const prefix = join(dir, 'page1');
    execFileSync('pdftoppm', ['-gray', '-r', '50', '-f', '1', '-l', '1', '-singlefile', smallPath, prefix]);
    const { width, height, pixels } = readPgm(readFileSync(`${prefix}.pgm`));
    // A4 (595.28 × 841.89 pt) at 50 dpi, rounded up by pdftoppm.
    expect(width).toBe(Math.ceil((595.28 / 72) * 50));
    expect(height).toBe(Math.ceil((841.89 / 72) * 50));
    const inked = pixels.filter((p) => p < 200).length / pixels.length;
    expect(inked).toBeGreaterThan(0.02); // the header, title and body text
    expect(inked).toBeLessThan(0.5); // and not a black or garbled page
  });
});
