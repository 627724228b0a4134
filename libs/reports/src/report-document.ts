// The monthly report as an administrative document (Decree 30/2020/NĐ-CP, Phụ lục I): who
// issues it, its number and symbol, place and date, recipients and signer. The SLA service
// fills it from its settings and its register of issued numbers; the renderer only lays it
// out. Decree 30's writing rules that are about text, not layout, live here: a number
// under 10 and the day under 10 or the month January/February take a leading zero.
import { z } from 'zod';
import { formatIssues, toIssues } from '@ioc/contracts';
import { ReportError } from './report.error';

export interface ReportDocument {
  /** Cơ quan chủ quản, as written in sentences ("Sở Thông tin và Truyền thông tỉnh Quảng Bình"); '' for none. Printed in capitals. */
  parentBody: string;
  /** Cơ quan ban hành, as written in sentences ("Trung tâm Giám sát, điều hành đô thị thông minh"). Printed in capitals, bold. */
  issuer: string;
  /** The document's number in the issue year, from 1. */
  number: number;
  /** Ký hiệu: the document type and the issuer's abbreviation, "BC-IOC". */
  symbol: string;
  /** Địa danh: the province for a provincial body, "Quảng Bình". */
  place: string;
  /** Day of issue, YYYY-MM-DD, in Asia/Ho_Chi_Minh. */
  issuedOn: string;
  /** Nơi nhận, in order; the last is usually "Lưu: VT, …". */
  recipients: string[];
  /** Quyền hạn and chức vụ of the signer, one line each ("KT. Giám đốc", "Phó Giám đốc"); and the name. */
  signer: { title: string[]; name: string };
}

/** The defaults of the SLA service's settings: the provincial IOC reports, its director signs. */
export const DEFAULT_REPORT_DOCUMENT: Omit<ReportDocument, 'number' | 'issuedOn'> = {
  parentBody: 'Sở Thông tin và Truyền thông tỉnh Quảng Bình',
  issuer: 'Trung tâm Giám sát, điều hành đô thị thông minh',
  symbol: 'BC-IOC',
  place: 'Quảng Bình',
  recipients: ['UBND tỉnh (để báo cáo)', 'Sở Thông tin và Truyền thông', 'Công an tỉnh', 'Các nhà thầu bảo trì', 'Lưu: VT, IOC'],
  signer: { title: ['Giám đốc'], name: 'Nguyễn Văn A' },
};

const line = z.string().trim().min(1, 'must not be empty');
export const reportDocumentSchema = z.object({
  parentBody: z.string(),
  issuer: line,
  number: z.number().int('must be a whole number').min(1, 'must be ≥ 1'),
  symbol: z.string().regex(/^[^\s/]+$/u, 'must be a symbol without spaces or "/", e.g. BC-IOC'),
  place: line,
  issuedOn: z.iso.date('must be a day as YYYY-MM-DD'),
  recipients: z.array(line),
  signer: z.object({ title: z.array(line).min(1, 'must have at least one line'), name: z.string() }),
});

export function assertReportDocument(doc: ReportDocument): void {
  const result = reportDocumentSchema.safeParse(doc);
  if (!result.success) throw new ReportError('invalid_report', `invalid report document: ${formatIssues(toIssues(result.error))}`);
}

const two = (n: number) => String(n).padStart(2, '0');

/** "Số: 05/BC-IOC": numbers under 10 with a leading zero. */
export function documentNumber(doc: Pick<ReportDocument, 'number' | 'symbol'>): string {
  return `${two(doc.number)}/${doc.symbol}`;
}

/** "Quảng Bình, ngày 06 tháng 12 năm 2026"; "tháng 02" but "tháng 3" (Decree 30, Phụ lục I). */
export function placeAndDate(doc: Pick<ReportDocument, 'place' | 'issuedOn'>): string {
  const [y, m, d] = doc.issuedOn.split('-').map(Number);
  return `${doc.place}, ngày ${two(d)} tháng ${m <= 2 ? two(m) : String(m)} năm ${y}`;
}

/** "06/12/2026". */
export function issuedOnLabel(doc: Pick<ReportDocument, 'issuedOn'>): string {
  const [y, m, d] = doc.issuedOn.split('-');
  return `${d}/${m}/${y}`;
}

/** Vietnamese capitals ("Sở Thông tin" → "SỞ THÔNG TIN"), in NFC. */
export const upperVi = (s: string) => s.normalize('NFC').toLocaleUpperCase('vi');

/** The local day (Asia/Ho_Chi_Minh, UTC+7 all year) of an instant. */
export function vietnamDay(iso: string): string {
  return new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10);
}

/** A document for a report with no register of numbers (tests, previews): number 1, issued the day of the figures. */
export function previewDocument(generatedAt: string): ReportDocument {
  return { ...DEFAULT_REPORT_DOCUMENT, number: 1, issuedOn: vietnamDay(generatedAt) };
}
