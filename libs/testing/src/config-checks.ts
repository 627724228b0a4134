// Shared checks of an app's config schema against the brief's defaults and compose.
import type { z } from 'zod';
import { loadConfig } from '@ioc/platform';
import { composeEnvironment } from './compose';

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
      const known = Object.keys(schema.shape);
      expect(Object.keys(env).filter((k) => !known.includes(k))).toEqual([]);
      expect((loadConfig(schema, env) as { HTTP_PORT: number }).HTTP_PORT).toBe(defaultPort);
    });
  });
}
