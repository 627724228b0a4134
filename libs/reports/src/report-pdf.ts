// The monthly SLA report as a printable A4 PDF in Vietnamese: province summary, a bar
// chart of availability per day (vector drawing, no image), and the tables of key areas
// and contractors, which break across pages with their header repeated. Text is set in an
// embedded TrueType font with the Vietnamese letters (see report-fonts.ts) and kept as
// real text, so it can be searched, copied and read back by pdftotext. The output is
// deterministic: the same report gives the same bytes (the PDF's dates are generatedAt).
import PDFDocument from 'pdfkit';
import type { AreaFigures, ContractorFigures, MonthlyReport } from './monthly-report';
import { assertMonthlyReport } from './monthly-report';
import { resolveReportFonts, type ReportFontSources } from './report-fonts';
import {
  dailySeries,
  daysInMonth,
  dayLabel,
  monthLabel,
  nfc,
  sortedAreas,
  sortedContractors,
  viInteger,
  viPct,
  vietnamTimeLabel,
} from './report-format';

export interface ReportPdfOptions {
  /** Fonts to embed instead of DejaVu Sans; each must have the Vietnamese letters. */
  fonts?: ReportFontSources;
  /** Folders searched for DejaVu Sans when `fonts` is not given (default DEJAVU_FONT_DIRS). */
  fontDirs?: readonly string[];
}

// A4 portrait, in points.
const PAGE_W = 595.28;
const PAGE_H = 841.89;
const LEFT = 40;
const RIGHT = PAGE_W - 40;
const TOP = 42;
/** Content stops here; the footer sits below. */
const BOTTOM = PAGE_H - 50;
const CONTENT_W = RIGHT - LEFT;

const COLOR = {
  text: '#1b1f24',
  muted: '#5b6673',
  accent: '#0b3d6e',
  rule: '#c5ced8',
  boxFill: '#f2f6fa',
  headerFill: '#dde7f1',
  zebra: '#f6f8fa',
  bar: '#2f6fb0',
  average: '#d9822b',
  noData: '#e4e4e4',
  bad: '#b42318',
  good: '#1a7f37',
};

type FontRole = 'regular' | 'bold';
type Align = 'left' | 'right' | 'center';

interface TextStyle {
  font?: FontRole;
  size: number;
  color?: string;
  align?: Align;
}

/** Text under the renderer's control: explicit position and width, never an automatic page break. */
class Canvas {
  y = TOP;
  constructor(readonly doc: PDFKit.PDFDocument) {}

  private style(s: TextStyle) {
    this.doc
      .font(s.font ?? 'regular')
      .fontSize(s.size)
      .fillColor(s.color ?? COLOR.text);
  }

  /** Height of `text` wrapped in `width`. */
  measure(text: string, width: number, s: TextStyle): number {
    this.style(s);
    return this.doc.heightOfString(nfc(text), { width, lineGap: 0 });
  }

  widthOf(text: string, s: TextStyle): number {
    this.style(s);
    return this.doc.widthOfString(nfc(text));
  }

  /**
   * Draws text wrapped in `width` at (x, y). The huge `height` makes pdfkit stop at the
   * box instead of adding a page: page breaks are decided by the layout, not by pdfkit.
   */
  text(text: string, x: number, y: number, width: number, s: TextStyle): void {
    this.style(s);
    this.doc.text(nfc(text), x, y, { width, align: s.align ?? 'left', lineGap: 0, height: 100_000 });
  }

  newPage(): void {
    this.doc.addPage();
    this.y = TOP;
  }

  /** Starts a new page unless `height` still fits below the current position. */
  ensure(height: number): void {
    if (this.y + height > BOTTOM) this.newPage();
  }
}

// ── Sections ────────────────────────────────────────────────────────────────────────────

function drawTitle(c: Canvas, report: MonthlyReport): void {
  const month = monthLabel(report.month);
  const lastDay = `${report.month}-${String(daysInMonth(report.month)).padStart(2, '0')}`;
  c.text('Tỉnh Quảng Bình · Trung tâm Giám sát, điều hành đô thị thông minh (IOC)', LEFT, c.y, CONTENT_W, { size: 8.5, color: COLOR.muted });
  c.y += 14;
  c.text(`Báo cáo SLA tháng ${month}`, LEFT, c.y, CONTENT_W, { font: 'bold', size: 20, color: COLOR.accent });
  c.y += 28;
  const period =
    `Kỳ báo cáo: ${dayLabel(`${report.month}-01`)} – ${dayLabel(lastDay)} (giờ Việt Nam, UTC+7) · ` +
    `Số liệu lập lúc ${vietnamTimeLabel(report.generatedAt)}`;
  c.text(period, LEFT, c.y, CONTENT_W, { size: 8.5, color: COLOR.muted });
  c.y += 14;
  c.doc.moveTo(LEFT, c.y).lineTo(RIGHT, c.y).lineWidth(1).strokeColor(COLOR.accent).stroke();
  c.y += 12;
}

function drawHeading(c: Canvas, title: string, keepWith: number): void {
  c.ensure(22 + keepWith);
  c.text(title, LEFT, c.y, CONTENT_W, { font: 'bold', size: 12, color: COLOR.accent });
  c.y += 20;
}

interface Kpi {
  label: string;
  value: string;
  note?: string;
  span?: 1 | 2;
  tone?: 'good' | 'bad';
}

function drawSummary(c: Canvas, report: MonthlyReport): void {
  const p = report.province;
  const sev = p.incidents.bySeverity;
  const areas = report.areas.length;
  const rows: Kpi[][] = [
    [
      { label: 'Tỷ lệ sẵn sàng của thiết bị', value: viPct(p.availability, 2), note: 'theo thời gian, trừ khung bảo trì' },
      { label: 'Thiết bị trong kỳ', value: viInteger(p.devices), note: `tại ${viInteger(areas)} khu vực trọng điểm` },
      {
        label: 'Sự cố phát sinh trong tháng',
        value: viInteger(p.incidents.total),
        note: `nghiêm trọng ${viInteger(sev.critical ?? 0)} · lớn ${viInteger(sev.major ?? 0)} · nhỏ ${viInteger(sev.minor ?? 0)} · thông tin ${viInteger(sev.info ?? 0)}`,
        span: 2,
      },
    ],
    [
      { label: 'Tiếp nhận sự cố đúng hạn', value: viPct(p.responseCompliance.ack, 1) },
      { label: 'Xử lý sự cố đúng hạn', value: viPct(p.responseCompliance.resolve, 1) },
      { label: 'Khu vực đạt chỉ tiêu phủ (thiết bị lắp đặt)', value: viPct(p.coverage.areasMeetingInstalledPct, 1), note: 'chỉ tiêu: 100% khu vực' },
      { label: 'Khu vực đạt chỉ tiêu phủ (thiết bị hoạt động)', value: viPct(p.coverage.areasMeetingOperationalPct, 1), note: 'tại thời điểm cuối tháng' },
    ],
  ];
  const gap = 8;
  const unit = (CONTENT_W - 3 * gap) / 4;
  const boxH = 56;
  for (const row of rows) {
    let x = LEFT;
    for (const kpi of row) {
      const w = unit * (kpi.span ?? 1) + gap * ((kpi.span ?? 1) - 1);
      c.doc.roundedRect(x, c.y, w, boxH, 3).fillColor(COLOR.boxFill).fill();
      c.text(kpi.label, x + 7, c.y + 6, w - 14, { size: 7.5, color: COLOR.muted });
      c.text(kpi.value, x + 7, c.y + 25, w - 14, { font: 'bold', size: 15, color: COLOR.text });
      if (kpi.note) c.text(kpi.note, x + 7, c.y + 43.5, w - 14, { size: 6.5, color: COLOR.muted });
      x += w + gap;
    }
    c.y += boxH + gap;
  }
  const notes =
    'Tỷ lệ sẵn sàng = thời gian trực tuyến ÷ (thời gian của kỳ − khung bảo trì − thời gian trước khi lắp đặt hoặc sau khi ngừng sử dụng), ' +
    'cộng dồn theo thời gian. Đúng hạn: tiếp nhận và xử lý trong thời hạn quy định cho từng mức độ sự cố. ' +
    'Độ phủ tính tại thời điểm cuối tháng. “—”: không có số liệu.';
  c.text(notes, LEFT, c.y, CONTENT_W, { size: 7, color: COLOR.muted });
  c.y += c.measure(notes, CONTENT_W, { size: 7 }) + 10;
}

/** Lower end of the chart's axis: low enough to show the worst day, high enough to show differences. */
function axisFloor(min: number): { floor: number; step: number } {
  const choices = [
    { floor: 99, step: 0.25 },
    { floor: 98, step: 0.5 },
    { floor: 95, step: 1 },
    { floor: 90, step: 2 },
    { floor: 80, step: 5 },
    { floor: 50, step: 10 },
  ];
  return choices.find((ch) => 100 - ch.floor >= 1.5 * (100 - min)) ?? { floor: 0, step: 20 };
}

function drawDailyChart(c: Canvas, report: MonthlyReport): void {
  const series = dailySeries(report);
  const plotH = 120;
  const totalH = plotH + 48;
  drawHeading(c, '2. Tỷ lệ sẵn sàng theo ngày', totalH);

  const values = series.map((d) => d.availability).filter((v): v is number => v !== null);
  const { floor, step } = axisFloor(values.length ? Math.min(...values) : 100);
  const axisW = 38;
  const x0 = LEFT + axisW;
  const x1 = RIGHT;
  const y0 = c.y + plotH; // baseline (the axis floor)
  const yTop = c.y + 4;
  const yOf = (v: number) => y0 - ((Math.max(v, floor) - floor) / (100 - floor)) * (y0 - yTop);
  const tickStyle: TextStyle = { size: 6.5, color: COLOR.muted, align: 'right' };

  // Grid lines and the axis labels.
  for (let v = floor; v <= 100 + 1e-9; v += step) {
    const y = yOf(v);
    c.doc.moveTo(x0, y).lineTo(x1, y).lineWidth(0.4).strokeColor(COLOR.rule).stroke();
    c.text(viPct(v, step < 1 ? 2 : 0).replace(/,00%$/, '%'), LEFT, y - 3.5, axisW - 5, tickStyle);
  }

  // One bar per day; a day without figures is a grey band, not a zero.
  const slot = (x1 - x0) / series.length;
  const barW = slot * 0.68;
  series.forEach((d, i) => {
    const x = x0 + i * slot + (slot - barW) / 2;
    if (d.availability === null) {
      c.doc.rect(x, yTop, barW, y0 - yTop).fillColor(COLOR.noData).fill();
    } else {
      const y = yOf(d.availability);
      c.doc
        .rect(x, y, barW, Math.max(y0 - y, 0.6))
        .fillColor(COLOR.bar)
        .fill();
    }
    c.text(String(i + 1), x0 + i * slot, y0 + 3, slot, { size: 6, color: COLOR.muted, align: 'center' });
  });
  c.doc.moveTo(x0, y0).lineTo(x1, y0).lineWidth(0.8).strokeColor(COLOR.text).stroke();

  // The month's availability as a dashed line.
  const month = report.province.availability;
  if (month !== null) {
    const y = yOf(month);
    c.doc.moveTo(x0, y).lineTo(x1, y).lineWidth(1).dash(3, { space: 2 }).strokeColor(COLOR.average).stroke().undash();
  }

  // Legend.
  let lx = x0;
  const ly = y0 + 16;
  const legend = (draw: () => void, label: string) => {
    draw();
    c.text(label, lx + 14, ly - 1, 200, { size: 7, color: COLOR.text });
    lx += 14 + c.widthOf(label, { size: 7 }) + 18;
  };
  legend(() => c.doc.rect(lx, ly, 9, 7).fillColor(COLOR.bar).fill(), 'Tỷ lệ sẵn sàng trong ngày');
  if (month !== null)
    legend(
      () =>
        c.doc
          .moveTo(lx, ly + 3.5)
          .lineTo(lx + 10, ly + 3.5)
          .lineWidth(1)
          .dash(3, { space: 2 })
          .strokeColor(COLOR.average)
          .stroke()
          .undash(),
      `Cả tháng: ${viPct(month, 2)}`,
    );
  legend(() => c.doc.rect(lx, ly, 9, 7).fillColor(COLOR.noData).fill(), 'Không có số liệu');
  c.text(`Ngày trong tháng ${monthLabel(report.month)}`, x0, ly - 1, x1 - x0, { size: 7, color: COLOR.muted, align: 'right' });
  c.y = ly + 24;
}

interface Column<R> {
  header: string;
  /** Columns that share a group get one label above their own headers ("Đúng hạn": Tiếp nhận, Xử lý). */
  group?: string;
  width: number;
  align: Align;
  value: (row: R) => string;
  color?: (row: R) => string | undefined;
}

const CELL_PAD_X = 3;
const CELL_PAD_Y = 2.5;
const BODY: TextStyle = { size: 7 };
const HEAD: TextStyle = { font: 'bold', size: 6.8, color: COLOR.accent };

/** The header band of a table: group labels over their columns, other headers spanning both lines. */
function tableHeader<R>(c: Canvas, columns: Column<R>[]) {
  const inner = (w: number) => w - 2 * CELL_PAD_X;
  const spans: { group: string; x: number; width: number }[] = [];
  let x = LEFT;
  for (const col of columns) {
    const last = spans[spans.length - 1];
    if (col.group && last?.group === col.group && Math.abs(last.x + last.width - x) < 0.01) last.width += col.width;
    else if (col.group) spans.push({ group: col.group, x, width: col.width });
    x += col.width;
  }
  const groupH = spans.length ? Math.max(...spans.map((g) => c.measure(g.group, inner(g.width), HEAD))) + CELL_PAD_Y * 2 : 0;
  const ownH = Math.max(...columns.map((col) => c.measure(col.header, inner(col.width), HEAD) + (col.group ? groupH : 0)));
  const height = Math.max(groupH, ownH) + 2 * CELL_PAD_Y;

  const draw = () => {
    const top = c.y;
    c.doc.rect(LEFT, top, CONTENT_W, height).fillColor(COLOR.headerFill).fill();
    for (const g of spans) {
      c.text(g.group, g.x + CELL_PAD_X, top + CELL_PAD_Y, inner(g.width), { ...HEAD, align: 'center' });
      const ruleY = top + groupH + CELL_PAD_Y / 2;
      c.doc
        .moveTo(g.x + CELL_PAD_X, ruleY)
        .lineTo(g.x + g.width - CELL_PAD_X, ruleY)
        .lineWidth(0.4)
        .strokeColor(COLOR.accent)
        .stroke();
    }
    let cx = LEFT;
    for (const col of columns) {
      const y = top + CELL_PAD_Y + (col.group ? groupH : 0);
      c.text(col.header, cx + CELL_PAD_X, y, inner(col.width), { ...HEAD, align: col.align });
      cx += col.width;
    }
    c.y = top + height;
  };
  return { height, draw };
}

/**
 * A table that continues on as many pages as it needs, with the section title ("… (tiếp
 * theo)") and the header repeated at the top of each page. Rows wrap their text and never
 * split across pages; a table short enough for one page is not split at all.
 */
function drawTable<R>(c: Canvas, title: string, columns: Column<R>[], rows: readonly R[]): void {
  const inner = (col: Column<R>) => col.width - 2 * CELL_PAD_X;
  const header = tableHeader(c, columns);
  const heights = rows.map((row) => Math.max(...columns.map((col) => c.measure(col.value(row), inner(col), BODY))) + 2 * CELL_PAD_Y);
  const total = heights.reduce((a, b) => a + b, 0);
  const headingH = 22;
  const wholeFitsOnAPage = TOP + headingH + header.height + total <= BOTTOM;
  drawHeading(c, title, header.height + (wholeFitsOnAPage ? total : (heights[0] ?? 14)));
  header.draw();
  if (rows.length === 0) {
    c.text('Không có số liệu.', LEFT + CELL_PAD_X, c.y + CELL_PAD_Y, CONTENT_W, { ...BODY, color: COLOR.muted });
    c.y += 14;
  }
  rows.forEach((row, i) => {
    const h = heights[i];
    if (c.y + h > BOTTOM) {
      c.newPage();
      c.text(`${title} (tiếp theo)`, LEFT, c.y, CONTENT_W, { font: 'bold', size: 9, color: COLOR.muted });
      c.y += 15;
      header.draw();
    }
    if (i % 2 === 1) c.doc.rect(LEFT, c.y, CONTENT_W, h).fillColor(COLOR.zebra).fill();
    let x = LEFT;
    for (const col of columns) {
      c.text(col.value(row), x + CELL_PAD_X, c.y + CELL_PAD_Y, inner(col), { ...BODY, align: col.align, color: col.color?.(row) ?? COLOR.text });
      x += col.width;
    }
    c.y += h;
    c.doc
      .moveTo(LEFT, c.y)
      .lineTo(RIGHT, c.y)
      .lineWidth(0.3)
      .strokeColor(COLOR.rule)
      .stroke();
  });
  c.y += 16;
}

/** Fixed widths for the figures; the text columns ('fill') share what is left. */
function withWidths<R>(columns: Omit<Column<R>, 'width'>[], columnWidths: (number | 'fill')[]): Column<R>[] {
  const used = columnWidths.reduce<number>((sum, w) => sum + (w === 'fill' ? 0 : w), 0);
  const fills = columnWidths.filter((w) => w === 'fill').length;
  return columns.map((col, i) => {
    const w = columnWidths[i];
    return { ...col, width: w === 'fill' ? (CONTENT_W - used) / fills : w };
  });
}

const ON_TIME = 'Đúng hạn';
const COVERAGE = 'Độ phủ cuối tháng';

function drawAreas(c: Canvas, report: MonthlyReport): void {
  const areas = sortedAreas(report);
  // The code column is as wide as the longest code needs (within limits); the name takes the rest.
  const codeW = Math.min(72, Math.max(32, ...areas.map((a) => c.widthOf(a.code, BODY) + 2 * CELL_PAD_X + 1)));
  const columns = withWidths<AreaFigures>(
    [
      { header: 'Mã', align: 'left', value: (a) => a.code },
      { header: 'Khu vực trọng điểm', align: 'left', value: (a) => a.name },
      { header: 'Huyện / thị xã / thành phố', align: 'left', value: (a) => a.district },
      { header: 'Thiết bị', align: 'right', value: (a) => viInteger(a.devices) },
      { header: 'Sẵn sàng', align: 'right', value: (a) => viPct(a.availability, 2) },
      { header: 'Sự cố', align: 'right', value: (a) => viInteger(a.incidents) },
      { header: 'Tiếp nhận', group: ON_TIME, align: 'right', value: (a) => viPct(a.ackCompliance, 1) },
      { header: 'Xử lý', group: ON_TIME, align: 'right', value: (a) => viPct(a.resolveCompliance, 1) },
      { header: 'Lắp đặt', group: COVERAGE, align: 'right', value: (a) => viPct(a.coverageInstalledPct, 1) },
      { header: 'Hoạt động', group: COVERAGE, align: 'right', value: (a) => viPct(a.coverageOperationalPct, 1) },
      { header: 'Chỉ tiêu phủ', align: 'center', value: (a) => (a.meetsTarget ? 'Đạt' : 'Chưa đạt'), color: (a) => (a.meetsTarget ? COLOR.good : COLOR.bad) },
    ],
    [codeW, 'fill', 82, 30, 40, 26, 38, 38, 38, 40, 38],
  );
  drawTable(c, '3. Khu vực trọng điểm', columns, areas);
}

function drawContractors(c: Canvas, report: MonthlyReport): void {
  const columns = withWidths<ContractorFigures>(
    [
      { header: 'Nhà thầu bảo trì', align: 'left', value: (r) => r.name },
      { header: 'Thiết bị', align: 'right', value: (r) => viInteger(r.devices) },
      { header: 'Sẵn sàng', align: 'right', value: (r) => viPct(r.availability, 2) },
      { header: 'Sự cố', align: 'right', value: (r) => viInteger(r.incidents) },
      { header: 'Tiếp nhận', group: ON_TIME, align: 'right', value: (r) => viPct(r.ackCompliance, 1) },
      { header: 'Xử lý', group: ON_TIME, align: 'right', value: (r) => viPct(r.resolveCompliance, 1) },
    ],
    ['fill', 50, 56, 50, 56, 56],
  );
  drawTable(c, '4. Nhà thầu bảo trì', columns, sortedContractors(report));
}

function drawFooters(doc: PDFKit.PDFDocument, c: Canvas, report: MonthlyReport): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const y = BOTTOM + 16;
    doc
      .moveTo(LEFT, y - 4)
      .lineTo(RIGHT, y - 4)
      .lineWidth(0.4)
      .strokeColor(COLOR.rule)
      .stroke();
    c.text(`Báo cáo SLA tháng ${monthLabel(report.month)} · IOC tỉnh Quảng Bình`, LEFT, y, CONTENT_W, { size: 7, color: COLOR.muted });
    c.text(`Trang ${i + 1}/${count}`, LEFT, y, CONTENT_W, { size: 7, color: COLOR.muted, align: 'right' });
  }
}

/**
 * Renders the report as an A4 PDF in Vietnamese. Rejects with `ReportError` when the
 * report is invalid or no font with Vietnamese glyphs is available.
 */
export async function renderReportPdf(report: MonthlyReport, options: ReportPdfOptions = {}): Promise<Buffer> {
  assertMonthlyReport(report);
  const fonts = resolveReportFonts(options.fonts, options.fontDirs);
  const title = `Báo cáo SLA tháng ${monthLabel(report.month)}`;
  const generated = new Date(report.generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: TOP, bottom: PAGE_H - BOTTOM, left: LEFT, right: PAGE_W - RIGHT },
    bufferPages: true,
    lang: 'vi-VN',
    displayTitle: true,
    info: { Title: title, Author: 'IOC tỉnh Quảng Bình', Subject: 'Báo cáo SLA hằng tháng', CreationDate: generated, ModDate: generated },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const c = new Canvas(doc);
  drawTitle(c, report);
  drawHeading(c, '1. Tổng hợp toàn tỉnh', 130);
  drawSummary(c, report);
  drawDailyChart(c, report);
  drawAreas(c, report);
  drawContractors(c, report);
  drawFooters(doc, c, report);
  doc.end();
  return done;
}
