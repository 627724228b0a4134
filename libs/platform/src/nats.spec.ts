import { natsStreams } from '@ioc/contracts';
import { z } from 'zod';
import { ConfigError, loadConfig, natsEnv } from './config';
import { streamConfig } from './nats';

describe('stream replicas (NATS_STREAM_REPLICAS)', () => {
  const schema = z.object(natsEnv);

  it('defaults to one replica, for a single NATS server', () => {
    expect(loadConfig(schema, {}).NATS_STREAM_REPLICAS).toBe(1);
  });

  it('takes 3 for a 3-node cluster and refuses 0, 6 and fractions, naming the variable', () => {
    expect(loadConfig(schema, { NATS_STREAM_REPLICAS: '3' }).NATS_STREAM_REPLICAS).toBe(3);
    for (const bad of ['0', '6', '2.5', 'three']) {
      expect(() => loadConfig(schema, { NATS_STREAM_REPLICAS: bad })).toThrow(ConfigError);
      expect(() => loadConfig(schema, { NATS_STREAM_REPLICAS: bad })).toThrow(/NATS_STREAM_REPLICAS/);
    }
  });

  it('asks JetStream for that many replicas of every stream, with the spec kept as it is', () => {
    for (const spec of Object.values(natsStreams('ioc'))) {
      expect(streamConfig(spec).num_replicas).toBe(1);
      const config = streamConfig(spec, 3);
      expect(config).toMatchObject({ name: spec.name, subjects: spec.subjects, num_replicas: 3 });
      expect(config.max_age).toBe(spec.maxAgeS * 1e9);
      expect(config.duplicate_window).toBe(spec.duplicateWindowS * 1e9);
    }
  });

  it('refuses a replica count JetStream cannot have, naming the stream', () => {
    const spec = natsStreams('ioc').state;
    expect(() => streamConfig(spec, 0)).toThrow(/IOC_STATE: replicas must be a whole number from 1 to 5, got 0/);
    expect(() => streamConfig(spec, 7)).toThrow(RangeError);
  });
});
