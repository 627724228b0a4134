// The monthly SLA report as an administrative document in the form of Decree 30/2020/NĐ-CP
// (Phụ lục I): A4, margins top/bottom 20 mm, left 30 mm, right 15 mm; the issuing body
// (under its parent body) top left with the number and symbol below; the national header
// and motto top right with place and date below in italics; the title and summary
// centred; the body in 13 pt, justified, first lines indented; recipients bottom left
// and the signer bottom right; page numbers from page 2, centred in the top margin. The
// figures follow as an annex on landscape pages (its own page numbers): province table,
// a bar chart of availability per day, key areas and contractors. Times New Roman is the
// decree's font; Liberation Serif has its metrics (report-fonts.ts).
//
// Text is real text in an embedded font with the Vietnamese letters, so it can be
// searched, copied and read back by pdftotext. The output is deterministic: the same
// report and document give the same bytes (the PDF's dates are generatedAt).
import PDFDocument from 'pdfkit';
import type { AreaFigures, ContractorFigures, CoverageGapFigures, MonthlyReport } from './monthly-report';
import { assertMonthlyReport } from './monthly-report';
import { assertReportDocument, documentNumber, issuedOnLabel, placeAndDate, previewDocument, upperVi, type ReportDocument } from './report-document';
import { resolveReportFonts, type ReportFontRole, type ReportFontSources } from './report-fonts';
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
  /** Issuer, number, place and date, recipients, signer. Default: `previewDocument(report.generatedAt)`. */
  document?: ReportDocument;
  /** Fonts to embed instead of Liberation Serif / DejaVu Serif; each must have the Vietnamese letters. */
  fonts?: ReportFontSources;
  /** Folders searched for the fonts when `fonts` is not given (default REPORT_FONT_DIRS). */
  fontDirs?: readonly string[];
}

const MM = 72 / 25.4;
const A4 = { short: 595.28, long: 841.89 };

interface PageGeometry {
  layout: 'portrait' | 'landscape';
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  /** Content stops here. */
  bottom: number;
}

/** Decree 30's margins: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm. */
function geometry(layout: 'portrait' | 'landscape'): PageGeometry {
  const width = layout === 'portrait' ? A4.short : A4.long;
  const height = layout === 'portrait' ? A4.long : A4.short;
  return { layout, width, height, left: 30 * MM, right: width - 15 * MM, top: 20 * MM, bottom: height - 20 * MM };
}
const PORTRAIT = geometry('portrait');
const LANDSCAPE = geometry('landscape');

const COLOR = {
  text: '#000000',
  muted: '#4a4a4a',
  rule: '#9a9a9a',
  headerFill: '#e6e6e6',
  zebra: '#f5f5f5',
  bar: '#2f5f8f',
  average: '#c0601a',
  noData: '#dcdcdc',
  bad: '#a01010',
  good: '#106020',
};

type Align = 'left' | 'right' | 'center' | 'justify';

interface TextStyle {
  font?: ReportFontRole;
  size: number;
  color?: string;
  align?: Align;
  /** First-line indent. */
  indent?: number;
  lineGap?: number;
}

/** Text under the renderer's control: explicit position and width, never an automatic page break. */
class Canvas {
  g: PageGeometry = PORTRAIT;
  y = PORTRAIT.top;
  /** First page of each part (document, annex), for their separate page numbers. */
  readonly partStarts: number[] = [0];
  private pages = 1;

  constructor(readonly doc: PDFKit.PDFDocument) {}

  get width() {
    return this.g.right - this.g.left;
  }

  private style(s: TextStyle) {
    this.doc
      .font(s.font ?? 'regular')
      .fontSize(s.size)
      .fillColor(s.color ?? COLOR.text);
  }

  private options(width: number, s: TextStyle): PDFKit.Mixins.TextOptions {
    return { width, align: s.align ?? 'left', lineGap: s.lineGap ?? 0, indent: s.indent ?? 0 };
  }

  /** Height of `text` wrapped in `width`. */
  measure(text: string, width: number, s: TextStyle): number {
    this.style(s);
    return this.doc.heightOfString(nfc(text), this.options(width, s));
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
    this.doc.text(nfc(text), x, y, { ...this.options(width, s), height: 100_000 });
  }

  /** Text across the content width at the current position, then moves below it. */
  flow(text: string, s: TextStyle, after = 0): void {
    const h = this.measure(text, this.width, s);
    this.ensure(h);
    this.text(text, this.g.left, this.y, this.width, s);
    this.y += h + after;
  }

  rule(x0: number, x1: number, y: number, width = 0.6): void {
    this.doc.moveTo(x0, y).lineTo(x1, y).lineWidth(width).strokeColor(COLOR.text).stroke();
  }

  newPage(g: PageGeometry = this.g, newPart = false): void {
    this.g = g;
    this.doc.addPage({ size: 'A4', layout: g.layout, margins: { top: g.top, bottom: g.height - g.bottom, left: g.left, right: g.width - g.right } });
    if (newPart) this.partStarts.push(this.pages);
    this.pages += 1;
    this.y = g.top;
  }

  /** Starts a new page unless `height` still fits below the current position. */
  ensure(height: number): void {
    if (this.y + height > this.g.bottom) this.newPage();
  }
}

// ── The document (Decree 30, Phụ lục I) ─────────────────────────────────────────────────

const BODY_SIZE = 13;
const BODY: TextStyle = { size: BODY_SIZE, align: 'justify', indent: 1 * 72 * 0.3937, lineGap: 2 };
const PARA_AFTER = 6;
const NATIONAL = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/**
 * A name too long for one line, cut at the space that makes its two lines most even
 * (after a comma if it can: "TRUNG TÂM GIÁM SÁT, / ĐIỀU HÀNH ĐÔ THỊ THÔNG MINH");
 * longer still, left to wrap.
 */
function balancedLines(c: Canvas, text: string, width: number, s: TextStyle): string[] {
  if (c.widthOf(text, s) <= width) return [text];
  const words = text.split(' ');
  let best: { lines: string[]; widest: number } | undefined;
  for (let i = 1; i < words.length; i++) {
    const lines = [words.slice(0, i).join(' '), words.slice(i).join(' ')];
    const widest = Math.max(...lines.map((l) => c.widthOf(l, s)));
    // A cut after a comma keeps phrases whole; otherwise the most even cut.
    const score = widest - (lines[0].endsWith(',') ? width : 0);
    if (widest <= width && (!best || score < best.widest)) best = { lines, widest: score };
  }
  return best?.lines ?? [text];
}

/** Quốc hiệu and tiêu ngữ on the right, issuing body and number on the left, place and date under the motto. */
function drawHeader(c: Canvas, doc: ReportDocument): void {
  const national: TextStyle = { font: 'bold', size: 12, align: 'center' };
  const motto: TextStyle = { font: 'bold', size: 13, align: 'center' };
  // The right column as wide as the national header, the left one takes the rest.
  const rightW = Math.max(c.widthOf(NATIONAL, national), c.widthOf(MOTTO, motto)) + 1;
  const rightX = c.g.right - rightW;
  const leftW = rightX - c.g.left - 4;
  const top = c.y;

  // Left: cơ quan chủ quản (regular), cơ quan ban hành (bold) with a short rule, then "Số:".
  let ly = top;
  const parent: TextStyle = { size: 12, align: 'center' };
  const issuer: TextStyle = { font: 'bold', size: 12, align: 'center' };
  const lines = [
    ...(doc.parentBody.trim() ? balancedLines(c, upperVi(doc.parentBody), leftW, parent).map((t) => [t, parent] as const) : []),
    ...balancedLines(c, upperVi(doc.issuer), leftW, issuer).map((t) => [t, issuer] as const),
  ];
  for (const [text, style] of lines) {
    c.text(text, c.g.left, ly, leftW, style);
    ly += c.measure(text, leftW, style);
  }
  ly += 3;
  const ruleW = Math.min(leftW * 0.4, 90);
  c.rule(c.g.left + (leftW - ruleW) / 2, c.g.left + (leftW + ruleW) / 2, ly);

  // Right: quốc hiệu, tiêu ngữ underlined as wide as it is.
  let ry = top;
  c.text(NATIONAL, rightX, ry, rightW, national);
  ry += c.measure(NATIONAL, rightW, national);
  c.text(MOTTO, rightX, ry, rightW, motto);
  ry += c.measure(MOTTO, rightW, motto) + 3;
  const mottoW = c.widthOf(MOTTO, motto);
  c.rule(rightX + (rightW - mottoW) / 2, rightX + (rightW + mottoW) / 2, ry);

  // Second row: number under the issuer, place and date under the motto, on one line.
  const row = Math.max(ly, ry) + 10;
  c.text(`Số: ${documentNumber(doc)}`, c.g.left, row, leftW, { size: BODY_SIZE, align: 'center' });
  c.text(placeAndDate(doc), rightX - 20, row, rightW + 20, { font: 'italic', size: BODY_SIZE, align: 'center' });
  c.y = row + 40;
}

function drawTitle(c: Canvas, report: MonthlyReport): void {
  c.flow('BÁO CÁO', { font: 'bold', size: 14, align: 'center' }, 2);
  const summary = `Kết quả giám sát camera, thiết bị tại các khu vực trọng điểm và chất lượng dịch vụ (SLA) tháng ${monthLabel(report.month)}`;
  const x = c.g.left + c.width * 0.1;
  const w = c.width * 0.8;
  const style: TextStyle = { font: 'bold', size: 14, align: 'center' };
  c.text(summary, x, c.y, w, style);
  c.y += c.measure(summary, w, style) + 7;
  c.rule(c.g.left + c.width * 0.38, c.g.left + c.width * 0.62, c.y);
  c.y += 18;
}

/** A heading stays with the first lines that follow it. */
const heading = (c: Canvas, text: string) => {
  c.ensure(60);
  c.flow(text, { font: 'bold', size: BODY_SIZE, align: 'justify', indent: BODY.indent }, 4);
};
const para = (c: Canvas, text: string) => c.flow(text, BODY, PARA_AFTER);
const bullet = (c: Canvas, text: string) => c.flow(`- ${text}`, BODY, 3);

const PURPOSE_VI: Record<CoverageGapFigures['purpose'], string> = { traffic: 'giao thông', security: 'an ninh trật tự' };

/** "giao thông: 2/12 điểm chưa có camera, 1 điểm có camera chưa hoạt động". */
function gapText(g: CoverageGapFigures): string | undefined {
  const broken = g.uncoveredOperational - g.uncoveredInstalled;
  const parts = [
    g.uncoveredInstalled > 0 ? `${viInteger(g.uncoveredInstalled)}/${viInteger(g.checkpoints)} điểm chưa có camera` : undefined,
    broken > 0 ? `${viInteger(broken)} điểm có camera chưa hoạt động` : undefined,
  ].filter(Boolean);
  return parts.length ? `${PURPOSE_VI[g.purpose]}: ${parts.join(', ')}` : undefined;
}

function areaShortfall(a: AreaFigures): string {
  const gaps = (a.gaps ?? []).map(gapText).filter(Boolean);
  return (
    `${a.name} (${a.district}; mã ${a.code}): độ phủ theo thiết bị lắp đặt ${viPct(a.coverageInstalledPct, 1)}, ` +
    `theo thiết bị hoạt động ${viPct(a.coverageOperationalPct, 1)}${gaps.length ? `; ${gaps.join('; ')}` : ''}.`
  );
}

/** The body lists at most this many areas; the annex has them all. */
const MAX_LISTED = 30;

const pctOrNone = (v: number | null, decimals: number) => (v === null ? 'chưa có số liệu' : viPct(v, decimals));

function drawBody(c: Canvas, report: MonthlyReport, doc: ReportDocument): void {
  const p = report.province;
  const sev = p.incidents.bySeverity;
  const month = monthLabel(report.month);
  const lastDay = `${report.month}-${String(daysInMonth(report.month)).padStart(2, '0')}`;
  const areas = sortedAreas(report);

  heading(c, 'I. TÌNH HÌNH CHUNG');
  para(
    c,
    `Trong tháng ${month} (từ ngày ${dayLabel(`${report.month}-01`)} đến ngày ${dayLabel(lastDay)}, giờ Việt Nam), hệ thống giám sát ` +
      `theo dõi ${viInteger(p.devices)} thiết bị tại ${viInteger(areas.length)} khu vực trọng điểm của tỉnh.`,
  );
  para(
    c,
    `Tỷ lệ sẵn sàng của thiết bị toàn tỉnh: ${pctOrNone(p.availability, 2)} (tính theo thời gian; không tính khung bảo trì, ` +
      `thời gian trước khi lắp đặt hoặc sau khi ngừng sử dụng, và thời gian không có số liệu); độ phủ số liệu: ` +
      `${pctOrNone(p.dataCoverage ?? null, 2)}.`,
  );
  para(
    c,
    `Chỉ tiêu 100% khu vực trọng điểm được giám sát bằng camera giao thông và an ninh trật tự: cuối tháng có ` +
      `${pctOrNone(p.coverage.areasMeetingInstalledPct, 1)} khu vực đạt chỉ tiêu theo thiết bị đã lắp đặt và ` +
      `${pctOrNone(p.coverage.areasMeetingOperationalPct, 1)} theo thiết bị đang hoạt động.`,
  );

  heading(c, 'II. KẾT QUẢ CỤ THỂ');
  heading(c, '1. Khu vực trọng điểm chưa đạt chỉ tiêu độ phủ');
  const missing = areas.filter((a) => !a.meetsTarget);
  if (areas.length === 0) para(c, 'Chưa có khu vực trọng điểm trong danh mục.');
  else if (missing.length === 0) para(c, `Tất cả ${viInteger(areas.length)} khu vực trọng điểm đạt chỉ tiêu độ phủ tại thời điểm cuối tháng.`);
  else {
    para(c, `Có ${viInteger(missing.length)}/${viInteger(areas.length)} khu vực trọng điểm chưa đạt chỉ tiêu độ phủ tại thời điểm cuối tháng:`);
    for (const a of missing.slice(0, MAX_LISTED)) bullet(c, areaShortfall(a));
    if (missing.length > MAX_LISTED) bullet(c, `${viInteger(missing.length - MAX_LISTED)} khu vực khác: xem bảng 3 tại Phụ lục.`);
    c.y += PARA_AFTER - 3;
  }

  heading(c, '2. Sự cố và xử lý sự cố');
  if (p.incidents.total === 0) para(c, 'Không phát sinh sự cố trong tháng.');
  else {
    para(
      c,
      `Phát sinh ${viInteger(p.incidents.total)} sự cố (nghiêm trọng ${viInteger(sev.critical ?? 0)}, lớn ${viInteger(sev.major ?? 0)}, ` +
        `nhỏ ${viInteger(sev.minor ?? 0)}, thông tin ${viInteger(sev.info ?? 0)}). Tỷ lệ tiếp nhận đúng hạn: ${pctOrNone(p.responseCompliance.ack, 1)}; ` +
        `tỷ lệ xử lý đúng hạn: ${pctOrNone(p.responseCompliance.resolve, 1)}.`,
    );
    const most = [...areas].filter((a) => a.incidents > 0).sort((a, b) => b.incidents - a.incidents || (a.code < b.code ? -1 : 1)).slice(0, 3);
    if (most.length) para(c, `Khu vực phát sinh nhiều sự cố nhất: ${most.map((a) => `${a.name} (${viInteger(a.incidents)})`).join('; ')}.`);
  }

  heading(c, '3. Tình trạng thiết bị theo ngày');
  const days = dailySeries(report);
  const measured = days.filter((d): d is { day: string; availability: number } => d.availability !== null);
  const noData = days.length - measured.length;
  if (measured.length === 0) para(c, 'Không có số liệu trong tháng.');
  else {
    const worst = measured.reduce((w, d) => (d.availability < w.availability ? d : w));
    para(
      c,
      `Ngày có tỷ lệ sẵn sàng thấp nhất: ${dayLabel(worst.day)} (${viPct(worst.availability, 2)}).` +
        (noData > 0 ? ` Số ngày không có số liệu: ${viInteger(noData)}.` : '') +
        ' Biểu đồ theo ngày tại Phụ lục.',
    );
  }

  heading(c, '4. Nhà thầu bảo trì');
  const contractors = sortedContractors(report);
  if (contractors.length === 0) para(c, 'Không có số liệu.');
  for (const r of contractors)
    bullet(
      c,
      `${r.name}: ${viInteger(r.devices)} thiết bị, tỷ lệ sẵn sàng ${pctOrNone(r.availability, 2)}, ${viInteger(r.incidents)} sự cố, ` +
        `tiếp nhận đúng hạn ${pctOrNone(r.ackCompliance, 1)}, xử lý đúng hạn ${pctOrNone(r.resolveCompliance, 1)}.`,
    );
  if (contractors.length) c.y += PARA_AFTER - 3;

  para(c, `Số liệu chi tiết tại Phụ lục kèm theo Báo cáo này; số liệu lập lúc ${vietnamTimeLabel(report.generatedAt)}.`);
  para(c, `${doc.issuer} báo cáo./.`);
}

/** Nơi nhận bottom left, the signer bottom right; kept together on one page. */
function drawClosing(c: Canvas, doc: ReportDocument): void {
  const leftW = c.width * 0.45;
  const rightX = c.g.left + c.width * 0.45;
  const rightW = c.width * 0.55;
  const label: TextStyle = { font: 'boldItalic', size: 12 };
  const item: TextStyle = { size: 11 };
  const items = doc.recipients.map((r, i) => `- ${r.replace(/[.;]+$/, '')}${i === doc.recipients.length - 1 ? '.' : ';'}`);
  const titles = doc.signer.title.map(upperVi);
  const titleStyle: TextStyle = { font: 'bold', size: BODY_SIZE, align: 'center' };
  const leftH = c.measure('Nơi nhận:', leftW, label) + items.reduce((h, t) => h + c.measure(t, leftW, item), 0);
  const rightH = titles.reduce((h, t) => h + c.measure(t, rightW, titleStyle), 0) + 80;
  c.ensure(Math.max(leftH, rightH) + 8);
  const top = c.y + 4;

  let ly = top;
  c.text('Nơi nhận:', c.g.left, ly, leftW, label);
  ly += c.measure('Nơi nhận:', leftW, label);
  for (const t of items) {
    c.text(t, c.g.left, ly, leftW, item);
    ly += c.measure(t, leftW, item);
  }

  let ry = top;
  for (const t of titles) {
    c.text(t, rightX, ry, rightW, titleStyle);
    ry += c.measure(t, rightW, titleStyle);
  }
  ry += 64; // room for the signature and the seal
  if (doc.signer.name.trim()) {
    c.text(doc.signer.name, rightX, ry, rightW, titleStyle);
    ry += c.measure(doc.signer.name, rightW, titleStyle);
  }
  c.y = Math.max(ly, ry) + 10;
}

// ── The annex: the figures ──────────────────────────────────────────────────────────────

function drawAnnexTitle(c: Canvas, report: MonthlyReport, doc: ReportDocument): void {
  c.flow('Phụ lục', { font: 'bold', size: 14, align: 'center' }, 2);
  c.flow(`SỐ LIỆU GIÁM SÁT VÀ CHẤT LƯỢNG DỊCH VỤ (SLA) THÁNG ${monthLabel(report.month)}`, { font: 'bold', size: 13, align: 'center' }, 2);
  c.flow(`(Kèm theo Báo cáo số ${documentNumber(doc)} ngày ${issuedOnLabel(doc)} của ${doc.issuer})`, { font: 'italic', size: 13, align: 'center' }, 14);
}

function drawHeading(c: Canvas, title: string, keepWith: number): void {
  c.ensure(22 + keepWith);
  c.text(title, c.g.left, c.y, c.width, { font: 'bold', size: 12 });
  c.y += 20;
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
  const x0 = c.g.left + axisW;
  const x1 = c.g.right;
  const y0 = c.y + plotH; // baseline (the axis floor)
  const yTop = c.y + 4;
  const yOf = (v: number) => y0 - ((Math.max(v, floor) - floor) / (100 - floor)) * (y0 - yTop);
  const tickStyle: TextStyle = { size: 7, color: COLOR.muted, align: 'right' };

  for (let v = floor; v <= 100 + 1e-9; v += step) {
    const y = yOf(v);
    c.doc.moveTo(x0, y).lineTo(x1, y).lineWidth(0.4).strokeColor(COLOR.rule).stroke();
    c.text(viPct(v, step < 1 ? 2 : 0).replace(/,00%$/, '%'), c.g.left, y - 3.5, axisW - 5, tickStyle);
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
    c.text(String(i + 1), x0 + i * slot, y0 + 3, slot, { size: 7, color: COLOR.muted, align: 'center' });
  });
  c.doc.moveTo(x0, y0).lineTo(x1, y0).lineWidth(0.8).strokeColor(COLOR.text).stroke();

  const month = report.province.availability;
  if (month !== null) {
    const y = yOf(month);
    c.doc.moveTo(x0, y).lineTo(x1, y).lineWidth(1).dash(3, { space: 2 }).strokeColor(COLOR.average).stroke().undash();
  }

  let lx = x0;
  const ly = y0 + 16;
  const legend = (draw: () => void, label: string) => {
    draw();
    c.text(label, lx + 14, ly - 1, 200, { size: 8 });
    lx += 14 + c.widthOf(label, { size: 8 }) + 18;
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
  c.text(`Ngày trong tháng ${monthLabel(report.month)}`, x0, ly - 1, x1 - x0, { size: 8, color: COLOR.muted, align: 'right' });
  c.y = ly + 24;
}

interface Column<R> {
  header: string;
  /** Columns that share a group get one label above their own headers ("Đúng hạn": Tiếp nhận, Xử lý). */
  group?: string;
  width: number;
  align: Exclude<Align, 'justify'>;
  value: (row: R) => string;
  color?: (row: R) => string | undefined;
}

const CELL_PAD_X = 3;
const CELL_PAD_Y = 2.5;
const CELL: TextStyle = { size: 9 };
const HEAD: TextStyle = { font: 'bold', size: 8.5 };

/** The header band of a table: group labels over their columns, other headers spanning both lines. */
function tableHeader<R>(c: Canvas, columns: Column<R>[]) {
  const inner = (w: number) => w - 2 * CELL_PAD_X;
  const left = c.g.left;
  const spans: { group: string; x: number; width: number }[] = [];
  let x = left;
  for (const col of columns) {
    const last = spans[spans.length - 1];
    if (col.group && last?.group === col.group && Math.abs(last.x + last.width - x) < 0.01) last.width += col.width;
    else if (col.group) spans.push({ group: col.group, x, width: col.width });
    x += col.width;
  }
  const groupH = spans.length ? Math.max(...spans.map((g) => c.measure(g.group, inner(g.width), HEAD))) + CELL_PAD_Y * 2 : 0;
  const ownH = Math.max(...columns.map((col) => c.measure(col.header, inner(col.width), HEAD) + (col.group ? groupH : 0)));
  const height = Math.max(groupH, ownH) + 2 * CELL_PAD_Y;
  const tableW = x - left;

  const draw = () => {
    const top = c.y;
    c.doc.rect(left, top, tableW, height).fillColor(COLOR.headerFill).fill();
    for (const g of spans) {
      c.text(g.group, g.x + CELL_PAD_X, top + CELL_PAD_Y, inner(g.width), { ...HEAD, align: 'center' });
      const ruleY = top + groupH + CELL_PAD_Y / 2;
      c.doc
        .moveTo(g.x + CELL_PAD_X, ruleY)
        .lineTo(g.x + g.width - CELL_PAD_X, ruleY)
        .lineWidth(0.4)
        .strokeColor(COLOR.text)
        .stroke();
    }
    let cx = left;
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
  const tableW = columns.reduce((w, col) => w + col.width, 0);
  const heights = rows.map((row) => Math.max(...columns.map((col) => c.measure(col.value(row), inner(col), CELL))) + 2 * CELL_PAD_Y);
  const total = heights.reduce((a, b) => a + b, 0);
  const headingH = 22;
  const wholeFitsOnAPage = c.g.top + headingH + header.height + total <= c.g.bottom;
  drawHeading(c, title, header.height + (wholeFitsOnAPage ? total : (heights[0] ?? 14)));
  header.draw();
  if (rows.length === 0) {
    c.text('Không có số liệu.', c.g.left + CELL_PAD_X, c.y + CELL_PAD_Y, c.width, { ...CELL, color: COLOR.muted });
    c.y += 14;
  }
  rows.forEach((row, i) => {
    const h = heights[i];
    if (c.y + h > c.g.bottom) {
      c.newPage();
      c.text(`${title} (tiếp theo)`, c.g.left, c.y, c.width, { font: 'bold', size: 10, color: COLOR.muted });
      c.y += 16;
      header.draw();
    }
    if (i % 2 === 1) c.doc.rect(c.g.left, c.y, tableW, h).fillColor(COLOR.zebra).fill();
    let x = c.g.left;
    for (const col of columns) {
      c.text(col.value(row), x + CELL_PAD_X, c.y + CELL_PAD_Y, inner(col), { ...CELL, align: col.align, color: col.color?.(row) ?? COLOR.text });
      x += col.width;
    }
    c.y += h;
    c.doc
      .moveTo(c.g.left, c.y)
      .lineTo(c.g.left + tableW, c.y)
      .lineWidth(0.3)
      .strokeColor(COLOR.rule)
      .stroke();
  });
  c.y += 16;
}

/** Fixed widths for the figures; the text columns ('fill') share what is left. */
function withWidths<R>(c: Canvas, columns: Omit<Column<R>, 'width'>[], columnWidths: (number | 'fill')[]): Column<R>[] {
  const used = columnWidths.reduce<number>((sum, w) => sum + (w === 'fill' ? 0 : w), 0);
  const fills = columnWidths.filter((w) => w === 'fill').length;
  return columns.map((col, i) => {
    const w = columnWidths[i];
    return { ...col, width: w === 'fill' ? (c.width - used) / fills : w };
  });
}

const ON_TIME = 'Đúng hạn';
const COVERAGE = 'Độ phủ cuối tháng';

function drawProvince(c: Canvas, report: MonthlyReport): void {
  const p = report.province;
  const sev = p.incidents.bySeverity;
  const rows: [string, string][] = [
    ['Khu vực trọng điểm', viInteger(report.areas.length)],
    ['Thiết bị trong kỳ', viInteger(p.devices)],
    ['Tỷ lệ sẵn sàng của thiết bị', viPct(p.availability, 2)],
    ['Độ phủ số liệu (thời gian có số liệu)', viPct(p.dataCoverage ?? null, 2)],
    ['Sự cố phát sinh', viInteger(p.incidents.total)],
    ['   trong đó: nghiêm trọng / lớn / nhỏ / thông tin', [sev.critical, sev.major, sev.minor, sev.info].map((n) => viInteger(n ?? 0)).join(' / ')],
    ['Tiếp nhận sự cố đúng hạn', viPct(p.responseCompliance.ack, 1)],
    ['Xử lý sự cố đúng hạn', viPct(p.responseCompliance.resolve, 1)],
    ['Khu vực đạt chỉ tiêu độ phủ, theo thiết bị lắp đặt', viPct(p.coverage.areasMeetingInstalledPct, 1)],
    ['Khu vực đạt chỉ tiêu độ phủ, theo thiết bị hoạt động', viPct(p.coverage.areasMeetingOperationalPct, 1)],
  ];
  const columns = withWidths<[string, string]>(
    c,
    [
      { header: 'Chỉ tiêu', align: 'left', value: (r) => r[0] },
      { header: 'Số liệu', align: 'right', value: (r) => r[1] },
    ],
    [300, 110],
  );
  drawTable(c, '1. Tổng hợp toàn tỉnh', columns, rows);
}

function drawAreas(c: Canvas, report: MonthlyReport): void {
  const areas = sortedAreas(report);
  // The code column is as wide as the longest code needs (within limits); the name takes the rest.
  const codeW = Math.min(80, Math.max(36, ...areas.map((a) => c.widthOf(a.code, CELL) + 2 * CELL_PAD_X + 1)));
  const columns = withWidths<AreaFigures>(
    c,
    [
      { header: 'Mã', align: 'left', value: (a) => a.code },
      { header: 'Khu vực trọng điểm', align: 'left', value: (a) => a.name },
      { header: 'Huyện / thị xã / thành phố', align: 'left', value: (a) => a.district },
      { header: 'Thiết bị', align: 'right', value: (a) => viInteger(a.devices) },
      { header: 'Sẵn sàng', align: 'right', value: (a) => viPct(a.availability, 2) },
      { header: 'Có số liệu', align: 'right', value: (a) => viPct(a.dataCoverage ?? null, 1) },
      { header: 'Sự cố', align: 'right', value: (a) => viInteger(a.incidents) },
      { header: 'Tiếp nhận', group: ON_TIME, align: 'right', value: (a) => viPct(a.ackCompliance, 1) },
      { header: 'Xử lý', group: ON_TIME, align: 'right', value: (a) => viPct(a.resolveCompliance, 1) },
      { header: 'Lắp đặt', group: COVERAGE, align: 'right', value: (a) => viPct(a.coverageInstalledPct, 1) },
      { header: 'Hoạt động', group: COVERAGE, align: 'right', value: (a) => viPct(a.coverageOperationalPct, 1) },
      { header: 'Chỉ tiêu phủ', align: 'center', value: (a) => (a.meetsTarget ? 'Đạt' : 'Chưa đạt'), color: (a) => (a.meetsTarget ? COLOR.good : COLOR.bad) },
    ],
    [codeW, 'fill', 100, 40, 50, 46, 36, 48, 48, 48, 52, 50],
  );
  drawTable(c, '3. Khu vực trọng điểm', columns, areas);
}

function drawContractors(c: Canvas, report: MonthlyReport): void {
  const columns = withWidths<ContractorFigures>(
    c,
    [
      { header: 'Nhà thầu bảo trì', align: 'left', value: (r) => r.name },
      { header: 'Thiết bị', align: 'right', value: (r) => viInteger(r.devices) },
      { header: 'Sẵn sàng', align: 'right', value: (r) => viPct(r.availability, 2) },
      { header: 'Có số liệu', align: 'right', value: (r) => viPct(r.dataCoverage ?? null, 1) },
      { header: 'Sự cố', align: 'right', value: (r) => viInteger(r.incidents) },
      { header: 'Tiếp nhận', group: ON_TIME, align: 'right', value: (r) => viPct(r.ackCompliance, 1) },
      { header: 'Xử lý', group: ON_TIME, align: 'right', value: (r) => viPct(r.resolveCompliance, 1) },
    ],
    ['fill', 70, 80, 70, 70, 80, 80],
  );
  drawTable(c, '4. Nhà thầu bảo trì', columns, sortedContractors(report));
}

/**
 * Decree 30: page numbers from the second page of each part, Arabic numerals, 13 pt,
 * upright, centred in the top margin; the annex is numbered on its own.
 */
function drawPageNumbers(doc: PDFKit.PDFDocument, c: Canvas): void {
  const { start, count } = doc.bufferedPageRange();
  const parts = [...c.partStarts, count];
  for (let i = start; i < start + count; i++) {
    const first = parts.filter((p) => p <= i).pop() ?? 0;
    const n = i - first + 1;
    if (n === 1) continue;
    doc.switchToPage(i);
    const g = i >= parts[1] ? LANDSCAPE : PORTRAIT;
    c.g = g;
    c.text(String(n), g.left, 10 * MM, g.right - g.left, { size: BODY_SIZE, align: 'center' });
  }
}

/**
 * Renders the report as a Decree 30 document with its annex, A4, in Vietnamese. Rejects
 * with `ReportError` when the report or the document is invalid, or no font with
 * Vietnamese glyphs is available.
 */
export async function renderReportPdf(report: MonthlyReport, options: ReportPdfOptions = {}): Promise<Buffer> {
  assertMonthlyReport(report);
  const document = options.document ?? previewDocument(report.generatedAt);
  assertReportDocument(document);
  const fonts = resolveReportFonts(options.fonts, options.fontDirs);
  const title = `Báo cáo số ${documentNumber(document)}: SLA tháng ${monthLabel(report.month)}`;
  const generated = new Date(report.generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PORTRAIT.top, bottom: PORTRAIT.height - PORTRAIT.bottom, left: PORTRAIT.left, right: PORTRAIT.width - PORTRAIT.right },
    bufferPages: true,
    lang: 'vi-VN',
    displayTitle: true,
    info: { Title: title, Author: nfc(document.issuer), Subject: 'Báo cáo SLA hằng tháng', CreationDate: generated, ModDate: generated },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  doc.registerFont('italic', fonts.italic);
  doc.registerFont('boldItalic', fonts.boldItalic);
  const c = new Canvas(doc);
  drawHeader(c, document);
  drawTitle(c, report);
  drawBody(c, report, document);
  drawClosing(c, document);

  c.newPage(LANDSCAPE, true);
  drawAnnexTitle(c, report, document);
  drawProvince(c, report);
  drawDailyChart(c, report);
  drawAreas(c, report);
  drawContractors(c, report);
  drawPageNumbers(doc, c);
  doc.end();
  return done;
}
