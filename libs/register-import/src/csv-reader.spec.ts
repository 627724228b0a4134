import { readCsv } from './csv-reader';

describe('CSV reader', () => {
  it('splits records and cells, LF and CRLF alike', () => {
    const lf = readCsv('a,b,c\n1,2,3\n');
    expect(lf).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['1', '2', '3'] },
    ]);
    expect(readCsv('a,b,c\r\n1,2,3\r\n')).toEqual(lf);
    expect(readCsv('a,b,c\r1,2,3')).toEqual(lf);
  });

  it('adds no record for a trailing newline, and none for a missing one', () => {
    expect(readCsv('a,b\n1,2')).toEqual(readCsv('a,b\n1,2\n'));
  });

  it('keeps commas, doubled quotes and line breaks inside quoted cells', () => {
    expect(readCsv('name,note\n"Ngã tư, phía Bắc","nói ""xin chào""\nrồi đi"\n')).toEqual([
      { line: 1, cells: ['name', 'note'] },
      { line: 2, cells: ['Ngã tư, phía Bắc', 'nói "xin chào"\nrồi đi'] },
    ]);
  });

  it('numbers each record by the physical line it starts on, counting lines inside quoted cells', () => {
    const records = readCsv('h1,h2\r\n"one\r\ntwo\r\nthree",x\r\nnext,y\r\n"a\nb",z\nlast,w');
    expect(records.map((r) => r.line)).toEqual([1, 2, 5, 6, 8]);
  });

  it('skips blank lines and rows of empty cells but keeps counting lines', () => {
    const records = readCsv('a,b\n\n1,2\n,\n  \n3,4\n');
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 3, cells: ['1', '2'] },
      { line: 6, cells: ['3', '4'] },
    ]);
  });

  it('keeps an empty quoted cell as an empty cell', () => {
    expect(readCsv('a,b,c\n"",x,""\n')[1]).toEqual({ line: 2, cells: ['', 'x', ''] });
  });

  it('keeps a quote inside an unquoted cell as written', () => {
    expect(readCsv('5" dome,x')[0]?.cells).toEqual(['5" dome', 'x']);
  });

  it('reports text after a closing quote on the record, without throwing', () => {
    const [record] = readCsv('"abc"def,x\n');
    expect(record?.problem).toMatch(/text follows the closing quote/);
    expect(record?.cells).toEqual(['abcdef', 'x']);
  });

  it('reports a quote that is never closed on the line where its record starts', () => {
    const records = readCsv('a,b\n1,2\n"open,3\n4,5\n');
    expect(records).toHaveLength(3);
    expect(records[2]).toMatchObject({ line: 3, problem: expect.stringMatching(/never closed/) });
  });

  it('returns no records for an empty text', () => {
    expect(readCsv('')).toEqual([]);
    expect(readCsv('\n\r\n')).toEqual([]);
  });
});
