import { describeAppConfig } from '@ioc/testing';
import { apiConfigSchema } from './api.config';

describeAppConfig('api', apiConfigSchema, 3000, { JWT_SECRET: 'a-test-secret-of-at-least-32-characters' });

describe('API_TRUST_PROXY', () => {
  const load = (value?: string) =>
    apiConfigSchema.safeParse({ JWT_SECRET: 'a-test-secret-of-at-least-32-characters', ...(value === undefined ? {} : { API_TRUST_PROXY: value }) });

  it('trusts no proxy by default, and takes true, a number of hops or a list of subnets', () => {
    expect(load().data?.API_TRUST_PROXY).toBe(false);
    expect(load('true').data?.API_TRUST_PROXY).toBe(true);
    expect(load('1').data?.API_TRUST_PROXY).toBe(1);
    expect(load('loopback, uniquelocal').data?.API_TRUST_PROXY).toBe('loopback, uniquelocal');
  });

  it('refuses what Express would not read as an address list', () => {
    expect(load('*; rm -rf').success).toBe(false);
  });
});
