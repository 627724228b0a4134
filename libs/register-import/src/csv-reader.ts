// An RFC 4180 reader that keeps, for every record, the physical line it starts on: a report
// must point a technician at the line their editor shows, and a quoted cell spanning lines
// shifts every later record. Accepts CRLF, LF or a lone CR (old Mac "CSV" exports) and a
// trailing newline. It never throws: a malformed record carries a `problem` instead.

export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  line: number;
  cells: string[];
  /** Set when the record is malformed (unclosed quote, text after a closing quote). */
  problem?: string;
}

const UNCLOSED_QUOTE = 'a quoted cell that starts in this row is never closed: add the missing " (a quote inside a quoted cell is written twice, "")';
const TEXT_AFTER_QUOTE = 'text follows the closing quote of a cell: quote the whole cell and write a quote inside it twice ("")';

/**
 * Splits CSV text into records. Records whose cells are all blank (empty lines, or rows of
 * bare commas that spreadsheets leave behind) are skipped, but still counted as lines.
 */
export function readCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let start = 1;
  let cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  let afterQuote = false;
  let problem: string | undefined;

  const endCell = () => {
    cells.push(cell);
    cell = '';
    afterQuote = false;
  };
  const endRecord = () => {
    endCell();
    if (problem !== undefined || cells.some((c) => c.trim() !== '')) records.push(problem === undefined ? { line: start, cells } : { line: start, cells, problem });
    cells = [];
    problem = undefined;
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          inQuotes = false;
          afterQuote = true;
        }
      } else {
        cell += ch;
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
      }
      continue;
    }
    if (ch === ',') {
      endCell();
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else if (ch === '"' && cell === '' && !afterQuote) {
      inQuotes = true;
    } else {
      if (afterQuote) problem ??= TEXT_AFTER_QUOTE;
      // A quote inside an unquoted cell (`5" dome`) is kept as written, as spreadsheets do.
      cell += ch;
    }
  }
  if (inQuotes) problem ??= UNCLOSED_QUOTE;
  if (cell !== '' || cells.length > 0 || afterQuote || problem !== undefined) endRecord();
  return records;
}
