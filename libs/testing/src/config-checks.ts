// Shared checks of an app's config schema against the brief's defaults, compose and deploy/k8s.
import type { z } from 'zod';
import { loadConfig } from '@ioc/platform';
import { composeEnvironment } from './compose';
import { K8S_LAYOUTS, k8sEnvironment } from './k8s';

/** Variables read by Node itself, not by the app's config (a heap limit: decision 0026). */
const NODE_RUNTIME_ENV = ['NODE_OPTIONS'];

export function describeAppConfig(
  service: string,
  schema: z.ZodObject<z.ZodRawShape>,
  defaultPort: number,
  required: Record<string, string> = {},
): void {
  describe(`${service} configuration`, () => {
    it(`defaults to port ${defaultPort}, as the brief and docker-compose.yml say`, () => {
      expect((loadConfig(schema, required) as { HTTP_PORT: number }).HTTP_PORT).toBe(defaultPort);
    });

    it('accepts the environment docker-compose.yml gives it, and every variable there is one it reads', () => {
      const env = composeEnvironment(service);
      const known = [...Object.keys(schema.shape), ...NODE_RUNTIME_ENV];
      expect(Object.keys(env).filter((k) => !known.includes(k))).toEqual([]);
      expect((loadConfig(schema, env) as { HTTP_PORT: number }).HTTP_PORT).toBe(defaultPort);
    });

    it.each(K8S_LAYOUTS)('accepts the environment deploy/k8s/%s gives it: every variable it requires is set, and none it does not read', (layout) => {
      const env = k8sEnvironment(service, layout);
      const known = [...Object.keys(schema.shape), ...NODE_RUNTIME_ENV];
      // Required: the schema refuses it unset (no default, not optional).
      const requiredKeys = Object.keys(schema.shape).filter((k) => !(schema.shape[k] as z.ZodType).safeParse(undefined).success);
      expect(Object.keys(env).filter((k) => !known.includes(k))).toEqual([]);
      expect(requiredKeys.filter((k) => env[k] === undefined)).toEqual([]);
      expect((loadConfig(schema, env) as { HTTP_PORT: number }).HTTP_PORT).toBe(defaultPort);
    });
  });
}
