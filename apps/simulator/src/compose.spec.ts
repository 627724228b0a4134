import { composeEnvironment } from '@ioc/testing';
import { parseOptions } from './simulator.config';

describe('simulator in docker-compose.yml', () => {
  it('finds its broker and credentials in the environment compose gives it', () => {
    const outcome = parseOptions([], composeEnvironment('simulator'));
    expect(outcome).toMatchObject({ kind: 'run', options: { url: 'mqtt://mosquitto:18830', username: 'demo-gateways', root: 'city' } });
  });
});
