import { PubackQueue } from './puback-queue';

describe('PubackQueue', () => {
  const queue = () => {
    const sent: [number, number][] = [];
    return { sent, q: new PubackQueue((id, code) => sent.push([id, code])) };
  };

  it('acknowledges in arrival order: a message done early waits for the ones before it', () => {
    const { sent, q } = queue();
    const a = q.add(1);
    const b = q.add(2);
    const c = q.add(3);
    c(0);
    b(0);
    expect(sent).toEqual([]);
    expect(q.pending).toBe(3);
    a(0);
    expect(sent).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
    ]);
    expect(q.pending).toBe(0);
  });

  it('carries the reason code of a refused message, and settles each message once', () => {
    const { sent, q } = queue();
    const a = q.add(7);
    a(0x80);
    a(0);
    expect(sent).toEqual([[7, 0x80]]);
  });

  it('sends nothing once its connection closed, whatever settles later', () => {
    const { sent, q } = queue();
    const a = q.add(1);
    const b = q.add(2);
    a(0);
    q.close();
    b(0);
    q.add(3)(0);
    expect(sent).toEqual([[1, 0]]);
    expect(q.pending).toBe(0);
  });

  it('keeps its order across many messages and compacts what it sent', () => {
    const { sent, q } = queue();
    const settle = Array.from({ length: 5000 }, (_, i) => q.add(i % 65535 + 1));
    for (let i = settle.length - 1; i >= 0; i -= 2) settle[i](0);
    for (let i = 0; i < settle.length; i += 2) settle[i](0);
    expect(sent.map(([id]) => id)).toEqual(Array.from({ length: 5000 }, (_, i) => i % 65535 + 1));
    expect(q.pending).toBe(0);
  });

  it('holds the session back while the limit is reached, and lets it go on as PUBACKs go out or the connection closes', () => {
    const { q } = queue();
    const settle = [q.add(1), q.add(2)];
    let resumed = 0;
    q.whenBelow(3, () => resumed++);
    expect(resumed).toBe(1);
    settle.push(q.add(3));
    q.whenBelow(3, () => resumed++);
    expect(resumed).toBe(1);
    settle[1](0); // behind 1: nothing sent yet
    expect(resumed).toBe(1);
    settle[0](0);
    expect(resumed).toBe(2);
    settle.push(q.add(4), q.add(5));
    q.whenBelow(3, () => resumed++);
    q.close();
    expect(resumed).toBe(3);
  });
});
