// XLSX workbooks for planners' spreadsheets (Excel, LibreOffice Calc): one sheet per table,
// Vietnamese headers, real number and date cells (not text that looks like them), the
// header row frozen and filterable. Text is written as text cells, never as formulas, so
// a name starting with "=" stays a name. Percentages stay 0..100 as in the API, with two
// decimals shown; days are dates and instants are Vietnam time (a spreadsheet has no time
// zones; the header says "giờ Việt Nam"); a ratio 0..1 stays the API's number, shown as a
// percentage. Built with exceljs, in memory.
import ExcelJS from 'exceljs';
import { InteropError } from './interop.error';

/** How a column's values are written. */
export type SheetCellKind = 'text' | 'integer' | 'decimal' | 'percent' | 'ratio' | 'date' | 'datetime' | 'yesno';

export type SheetValue = string | number | boolean | null;

export interface SheetColumn<R> {
  header: string;
  kind: SheetCellKind;
  value: (row: R) => SheetValue;
  /** Width in characters; default from the header and kind. */
  width?: number;
}

export interface SheetSpec<R = unknown> {
  /** At most 31 characters, none of []:*?/\ (Excel's rules). */
  name: string;
  columns: SheetColumn<R>[];
  rows: readonly R[];
}

const FORMATS: Record<SheetCellKind, string | undefined> = {
  text: '@',
  integer: '#,##0',
  decimal: '0.00',
  percent: '0.00',
  ratio: '0.00%',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
  yesno: undefined,
};

const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** A calendar day (YYYY-MM-DD) or an instant as the Date a spreadsheet shows: its local wall time in UTC fields. */
function dateCell(value: string, kind: 'date' | 'datetime', where: string): Date {
  if (kind === 'date') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InteropError('invalid_timestamp', `${where}: ${value} is not a day as YYYY-MM-DD`);
    return new Date(`${value}T00:00:00Z`);
  }
  const ms = Date.parse(value);
  if (!/(Z|[+-]\d{2}:\d{2})$/i.test(value) || Number.isNaN(ms)) throw new InteropError('invalid_timestamp', `${where}: ${value} is not an instant with Z or an offset`);
  return new Date(ms + VIETNAM_OFFSET_MS);
}

function cellValue(kind: SheetCellKind, value: SheetValue, where: string): ExcelJS.CellValue {
  if (value === null || value === '') return null;
  switch (kind) {
    case 'text':
      return String(value).normalize('NFC');
    case 'yesno':
      return value === true || value === 'yes' ? 'Có' : 'Không';
    case 'date':
    case 'datetime':
      return dateCell(String(value), kind, where);
    default: {
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(n)) throw new InteropError('invalid_number', `${where}: ${String(value)} is not a number`);
      // A ratio (0..1, as the SLA operations give it) is kept whole: the cell shows it as a percentage.
      return kind === 'integer' ? Math.round(n) : kind === 'ratio' ? n : Math.round(n * 100) / 100;
    }
  }
}

const SHEET_NAME = /^[^[\]:*?/\\]{1,31}$/;

/** A sheet of rows of type R, typed where it is declared and erased for `writeXlsx`. */
export function sheet<R>(spec: SheetSpec<R>): SheetSpec<unknown> {
  return spec as unknown as SheetSpec<unknown>;
}

/** The workbook as XLSX bytes. */
export async function writeXlsx(sheets: readonly SheetSpec<unknown>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'IOC Quảng Bình';
  // Fixed, so the same figures give the same workbook.
  wb.created = new Date(0);
  wb.modified = new Date(0);
  for (const sheet of sheets) {
    if (!SHEET_NAME.test(sheet.name)) throw new InteropError('invalid_sheet', `sheet name "${sheet.name}": at most 31 characters, none of [ ] : * ? / \\`);
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns.map((col) => ({
      header: col.header.normalize('NFC'),
      width: col.width ?? Math.max(10, Math.min(48, col.header.length + 2)),
      style: FORMATS[col.kind] ? { numFmt: FORMATS[col.kind] } : {},
    }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).alignment = { vertical: 'middle', wrapText: true };
    sheet.rows.forEach((row, i) => {
      ws.addRow(sheet.columns.map((col) => cellValue(col.kind, col.value(row), `${sheet.name} row ${i + 2} "${col.header}"`)));
    });
    if (sheet.columns.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  }
  return fixedZipTimes(Buffer.from(await wb.xlsx.writeBuffer()));
}

/** 1980-01-01 00:00, the earliest MS-DOS date a ZIP entry can carry. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;

/**
 * The ZIP's entries stamped 1980-01-01 00:00 instead of the moment they were written (ExcelJS
 * gives JSZip no date, and a DOS time changes every 2 s): the same figures, the same bytes.
 * Walks the central directory and each entry's local header; nothing else changes.
 */
function fixedZipTimes(zip: Buffer): Buffer {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('XLSX writer gave no ZIP end record');
  const entries = zip.readUInt16LE(end + 10);
  for (let i = 0, at = zip.readUInt32LE(end + 16); i < entries; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`XLSX writer gave a ZIP without central directory entry ${i}`);
    zip.writeUInt16LE(DOS_TIME, at + 12);
    zip.writeUInt16LE(DOS_DATE, at + 14);
    const local = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`XLSX writer gave a ZIP without local header ${i}`);
    zip.writeUInt16LE(DOS_TIME, local + 10);
    zip.writeUInt16LE(DOS_DATE, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}

/** The media type of an XLSX file. */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
