// The adapter examples in docs/device-protocol.md are what vendors copy: each must be
// accepted and map onto the event the document says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@ioc/testing';
import { validateMessage } from '../validate-message';

const doc = readFileSync(join(REPO_ROOT, 'docs', 'device-protocol.md'), 'utf8');
const section = doc.slice(doc.indexOf('## Adapters: Frigate and ONVIF'), doc.indexOf('## QoS, retain and resending'));
const examples = [...section.matchAll(/\$PUB -t (\S+) -m '(.*?)'\n/g)].map((m) => ({ topic: m[1], payload: Buffer.from(m[2]) }));

describe('the adapter examples of docs/device-protocol.md', () => {
  it('has the Frigate and ONVIF examples', () => {
    expect(examples.map((e) => e.topic.split('/').pop())).toEqual(['events', 'onvif', 'onvif', 'onvif']);
  });

  it('maps the Frigate example onto exactly the event the document shows', () => {
    const stored = JSON.parse(/The IOC stores it as this `event` of `CAM-DH-TT-001`:\n\n```json\n([\s\S]*?)```/.exec(section)?.[1] ?? 'null');
    expect(validateMessage('city', examples[0].topic, examples[0].payload)).toMatchObject({ ok: true, kind: 'frigate', outcome: { kind: 'event', camera: 'cong_chinh', payload: stored } });
  });

  it('maps the ONVIF examples onto video_loss start and end, and a tamper start with a derived id', () => {
    const out = examples.slice(1).map((e) => validateMessage('city', e.topic, e.payload));
    expect(out.map((r) => (r.ok && r.kind === 'device' ? [r.payload.type, r.payload.state, r.messageId.startsWith('onvif:')] : r))).toEqual([
      ['video_loss', 'start', false],
      ['video_loss', 'end', false],
      ['tamper', 'start', true],
    ]);
  });
});
