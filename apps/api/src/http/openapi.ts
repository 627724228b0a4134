// OpenAPI from the contracts: request and response schemas are generated from the same zod
// schemas that validate them (z.toJSONSchema), so the document cannot drift from the code.
import { applyDecorators, HttpCode } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';

export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
}

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details (application/problem+json)',
  properties: {
    type: { type: 'string', example: '/problems/validation' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
  },
  required: ['type', 'title', 'status', 'detail'],
};

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed request',
  401: 'No valid access token',
  403: 'Not allowed for your role or outside your area scope',
  404: 'Not found (or not visible to you)',
  409: 'Conflicts with the register (already exists, decommissioned…)',
  413: 'Body too large',
  415: 'Unsupported content type',
  422: 'Invalid fields, listed in `errors`',
  429: 'Too many failed sign-ins: locked for a while (decision 0019)',
  503: 'A service or the MQTT broker is unreachable',
};

export interface RouteDoc {
  summary: string;
  description?: string;
  body?: z.ZodType;
  /** Response status and schema; 204 has none. */
  ok: { status: 200 | 201 | 202 | 204; schema?: z.ZodType; description?: string };
  errors?: number[];
  params?: Record<string, string>;
  query?: z.ZodObject;
  public?: boolean;
}

/** Documents a route (and sets its success status). */
export function Route(doc: RouteDoc): MethodDecorator {
  const decorators = [
    ApiOperation({ summary: doc.summary, description: doc.description }),
    HttpCode(doc.ok.status),
    ApiResponse({
      status: doc.ok.status,
      description: doc.ok.description ?? 'Success',
      ...(doc.ok.schema ? { schema: jsonSchema(doc.ok.schema, 'output') } : {}),
    }),
    ...[...(doc.public ? [] : [401]), ...(doc.body ? [422] : []), ...(doc.errors ?? [])].map((status) =>
      ApiResponse({ status, description: ERROR_TEXT[status] ?? 'Error', content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } } }),
    ),
    ...Object.entries(doc.params ?? {}).map(([name, description]) => ApiParam({ name, description })),
    ...Object.entries(doc.query?.shape ?? {}).map(([name, schema]) =>
      ApiQuery({ name, required: false, schema: jsonSchema(schema as z.ZodType, 'input') }),
    ),
  ];
  if (doc.body) decorators.push(ApiBody({ schema: jsonSchema(doc.body, 'input') }));
  if (!doc.public) decorators.push(ApiBearerAuth());
  return applyDecorators(...decorators);
}
