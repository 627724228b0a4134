// The PDF is checked the way a reader sees it: poppler's pdftotext reads the text layer
// back (the diacritics must survive the font's glyph-to-Unicode map) and pdftoppm renders
// the page (the page must show something). Those checks need Debian's poppler-utils and
// are skipped, with a message, only where its tools are missing; the font itself
// (fonts-dejavu-core) is required.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { largeReport, sampleReport } from './monthly-report.fixture';
import { DEJAVU_FONT_DIRS, resolveReportFonts } from './report-fonts';
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

  it('embeds DejaVu Sans as a TrueType font and uses none of the 14 standard fonts', () => {
    const text = latin1(small);
    expect(text).toContain('/FontFile2');
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\n/);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans-Bold\n/);
    expect(text).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier|Symbol|ZapfDingbats)/);
  });

  it('fits a small province on one page', () => {
    expect(pageObjects(small)).toBe(1);
  });

  it('spreads 500 key areas over 11 pages', () => {
    // Page 1: title, summary, chart and the first 20 areas; pages 2-10: 53 areas each;
    // page 11: the last 3 areas and the contractors.
    expect(pageObjects(large)).toBe(11);
    expect(pageTreeCount(large)).toBe(11);
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
    expect(pageObjects(await renderReportPdf(empty))).toBe(1);
  });

  it('gives the same bytes for the same report', async () => {
    expect((await renderReportPdf(sampleReport())).equals(small)).toBe(true);
  });

  it('takes the fonts from the options', async () => {
    const dejavu = resolveReportFonts();
    const pdf = await renderReportPdf(sampleReport(), { fonts: { regular: dejavu.regular, bold: dejavu.bold } });
    expect(pdf.equals(small)).toBe(true);
  });

  it('refuses to render without a Vietnamese font, naming the Debian package to install', async () => {
    await expect(renderReportPdf(sampleReport(), { fontDirs: ['/nonexistent/fonts'] })).rejects.toMatchObject({
      code: 'font_not_found',
      message: expect.stringContaining('apt-get install -y fonts-dejavu-core'),
    });
  });
});

describe('report fonts', () => {
  it('finds DejaVu Sans where Debian installs it', () => {
    expect(DEJAVU_FONT_DIRS[0]).toBe('/usr/share/fonts/truetype/dejavu');
    const fonts = resolveReportFonts();
    expect(fonts.regular.length).toBeGreaterThan(100_000);
  });

  it('names an unreadable font file', () => {
    expect(() => resolveReportFonts({ regular: '/nonexistent/Font.ttf', bold: '/nonexistent/Font-Bold.ttf' })).toThrow(
      expect.objectContaining({ code: 'font_not_found', message: expect.stringContaining('/nonexistent/Font.ttf') }),
    );
  });

  it('refuses a file that is not a font', () => {
    const junk = Buffer.from('not a font at all, just bytes');
    expect(() => resolveReportFonts({ regular: junk, bold: junk })).toThrow(expect.objectContaining({ code: 'font_unusable' }));
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

  it('has the Vietnamese title, place names and figures on page 1 as real text, in NFC', () => {
    const text = pageText(smallPath, 1);
    expect(text.normalize('NFC')).toBe(text);
    for (const phrase of ['Báo cáo SLA tháng 11/2026', 'Báo cáo', 'Đồng Hới', 'Quảng Bình', 'Tổng hợp toàn tỉnh', 'Tỷ lệ sẵn sàng theo ngày', 'Khu vực trọng điểm', 'Nhà thầu bảo trì'])
      expect(text).toContain(phrase.normalize('NFC'));
    for (const phrase of ['Cảng cá Nhật Lệ', 'Huyện Lệ Thủy', 'Cửa khẩu Cha Lo', 'Viễn thông Quảng Bình (VNPT)', '98,87%', '1.284', 'Chưa đạt'])
      expect(text).toContain(phrase);
  });

  it('repeats the table header on every page of a long table and lists every area once, in order', () => {
    const codes: string[] = [];
    for (let page = 1; page <= 11; page++) {
      const text = pageText(largePath, page);
      if (page > 1) expect(text).toContain('3. Khu vực trọng điểm (tiếp theo)');
      expect(text).toMatch(/Khu vực trọng điểm\s+Huyện \/ thị xã \//);
      expect(text).toContain(`Trang ${page}/11`);
      codes.push(...(text.match(/KV-\d{4}/g) ?? []));
    }
    expect(codes).toEqual(Array.from({ length: 500 }, (_, i) => `KV-${String(i + 1).padStart(4, '0')}`));
    expect(pageText(largePath, 11)).toContain('4. Nhà thầu bảo trì');
  });

  it('renders page 1 as a visible A4 page, not a blank one', () => {
    const prefix = join(dir, 'page1');
    execFileSync('pdftoppm', ['-gray', '-r', '50', '-f', '1', '-l', '1', '-singlefile', smallPath, prefix]);
    const { width, height, pixels } = readPgm(readFileSync(`${prefix}.pgm`));
    // A4 (595.28 × 841.89 pt) at 50 dpi, rounded up by pdftoppm.
    expect(width).toBe(Math.ceil((595.28 / 72) * 50));
    expect(height).toBe(Math.ceil((841.89 / 72) * 50));
    const inked = pixels.filter((p) => p < 200).length / pixels.length;
    expect(inked).toBeGreaterThan(0.03); // text, table rules and the chart's bars
    expect(inked).toBeLessThan(0.5); // and not a black or garbled page
  });
});
