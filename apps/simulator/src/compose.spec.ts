import { composeEnvironment, K8S_LAYOUTS, k8sEnvironment, readK8s } from '@ioc/testing';
import { parseOptions } from './simulator.config';

describe('simulator in docker-compose.yml', () => {
  it('finds its broker and credentials in the environment compose gives it', () => {
    const outcome = parseOptions([], composeEnvironment('simulator'));
    expect(outcome).toMatchObject({ kind: 'run', options: { url: 'mqtt://mosquitto:18830', username: 'demo-gateways', root: 'city' } });
  });
});

describe('simulator in deploy/k8s', () => {
  it('runs only in the demo overlay, and finds its broker and credentials in the environment it gets there', () => {
    for (const layout of K8S_LAYOUTS) {
      expect(readK8s(layout).some((o) => o.metadata.name === 'simulator')).toBe(layout === 'overlays/demo');
    }
    const outcome = parseOptions([], k8sEnvironment('simulator', 'overlays/demo'));
    expect(outcome).toMatchObject({ kind: 'run', options: { url: 'mqtt://mosquitto:18830', username: 'demo-gateways', root: 'city' } });
    expect(outcome.kind === 'run' && outcome.options.password?.length).toBeGreaterThan(0);
  });
});
