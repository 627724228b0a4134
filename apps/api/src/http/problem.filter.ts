// Turns anything thrown while answering into problem+json: our Problems, the services'
// coded errors (RemoteError), token errors, Nest's HTTP exceptions (unknown route, body too
// large, malformed JSON), NATS timeouts; anything else is a 500 with no internals shown.
import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { negotiateLang } from '@ioc/i18n';
import type { Counter } from 'prom-client';
import { errorMessage, JsonLogger, RemoteError, TokenError } from '@ioc/platform';
import { Problem, STATUS_OF_CODE } from './problem';

export function toProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  if (err instanceof TokenError) return new Problem(401, `token_${err.code}`, err.message);
  if (err instanceof RemoteError) {
    const status = STATUS_OF_CODE[err.code];
    if (status === undefined) return new Problem(500, 'internal', 'a service failed to answer; the error is in its log');
    return new Problem(status, err.code, err.message, err.issues.map((i) => ({ field: i.path, message: i.message })));
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse();
    const message = typeof body === 'object' && body !== null && 'message' in body ? String((body as { message: unknown }).message) : err.message;
    return new Problem(status, status === 404 ? 'not_found' : status === 413 ? 'payload_too_large' : 'bad_request', message);
  }
  const code = (err as { code?: string }).code;
  // nats.js: TIMEOUT when nobody answered in time, 503 when no service subscribes at all.
  if (code === 'TIMEOUT' || code === '503') {
    return new Problem(503, 'unavailable', 'the service that answers this request is not reachable; try again shortly');
  }
  // body-parser errors (malformed JSON, too large) carry a status.
  const status = (err as { status?: number; type?: string }).status;
  if (status === 413) return new Problem(413, 'payload_too_large', errorMessage(err));
  if (status === 400) return new Problem(400, 'bad_request', `the body is not valid: ${errorMessage(err)}`);
  return new Problem(500, 'internal', 'internal error; it is in the api log');
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(
    private readonly logger: JsonLogger,
    private readonly errors: Counter<'status'>,
  ) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const problem = toProblem(err);
    this.errors.inc({ status: String(problem.status) });
    if (problem.status >= 500) {
      this.logger.event('error', 'request failed', { method: req.method, path: req.path, status: problem.status, error: errorMessage(err) });
    }
    if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem.toJSON(req.originalUrl, negotiateLang(req.headers['accept-language']))));
  }
}
