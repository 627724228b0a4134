import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AckedLog } from './acked-log';

describe('AckedLog', () => {
  const dir = mkdtempSync(join(tmpdir(), 'acked-log-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every id once, in order, one per line, by the time it is closed', async () => {
    const path = join(dir, 'acked.log');
    const log = new AckedLog(path);
    const ids = Array.from({ length: 4500 }, (_, i) => `gw-1.cam-${i}.m${i}`);
    for (const id of ids) log.add(id);
    await log.close();
    expect(readFileSync(path, 'utf8')).toBe(ids.join('\n') + '\n');
  });

  it('appends to a file that exists, and writes nothing for no id', async () => {
    const path = join(dir, 'appended.log');
    const first = new AckedLog(path);
    first.add('a');
    await first.close();
    await new AckedLog(path).close();
    const second = new AckedLog(path);
    second.add('b');
    await second.close();
    expect(readFileSync(path, 'utf8')).toBe('a\nb\n');
  });
});
