// The REST client of the web app: JSON in and out, the access token on every call (the
// session refreshes it before it expires), and RFC 9457 problem+json errors as ApiError,
// whose field list the forms show beside their fields. Every call asks for the user's
// language (Accept-Language): the api answers its messages in it.
import i18n from 'i18next';
import type { Session } from '../auth/session';

export interface ProblemField {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: ProblemField[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  /** The problem's code, the last part of its type URI (`/problems/validation` → `validation`). */
  get code(): string {
    return this.problem.type.split('/').pop() ?? 'error';
  }

  /** The message for one field of the request, if the API named it. */
  fieldError(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === field || e.field.startsWith(`${field}.`))?.message;
  }
}

export type Query = Record<string, string | number | boolean | readonly string[] | undefined | null>;

export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value == null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, v));
    else params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

async function toProblem(res: Response): Promise<Problem> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Partial<Problem>;
    if (body && typeof body === 'object' && typeof body.status === 'number') {
      return { type: body.type ?? 'about:blank', title: body.title ?? res.statusText, status: body.status, detail: body.detail ?? '', errors: body.errors };
    }
  } catch {
    // not JSON: an answer from something in front of the api (a proxy), shown as is
  }
  return { type: `/problems/http-${res.status}`, title: res.statusText, status: res.status, detail: text.slice(0, 300) };
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Raw body (a file); sent with its own content type. */
  raw?: { data: Blob | string; contentType: string };
  signal?: AbortSignal;
}

export class Http {
  constructor(private readonly session: Session) {}

  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, { query, signal });
  }
  post<T>(path: string, body?: unknown, query?: Query): Promise<T> {
    return this.request<T>('POST', path, { body, query });
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, { body });
  }
  delete<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('DELETE', path, { body });
  }

  /** A download (CSV, PDF, GeoJSON …) with the user's token, as a Blob. */
  async blob(path: string, query?: Query): Promise<Blob> {
    const res = await this.send('GET', path, { query });
    return res.blob();
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, options);
    if (res.status === 204) return undefined as T;
    const type = res.headers.get('content-type') ?? '';
    return (type.includes('json') ? res.json() : res.text()) as Promise<T>;
  }

  private async send(method: string, path: string, options: RequestOptions, retried = false): Promise<Response> {
    const token = await this.session.accessToken();
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', 'Accept-Language': i18n.language === 'en' ? 'en' : 'vi' };
    if (token) headers.Authorization = `Bearer ${token}`;
    let body: BodyInit | undefined;
    if (options.raw) {
      headers['Content-Type'] = options.raw.contentType;
      body = options.raw.data;
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const res = await fetch(`${path}${queryString(options.query)}`, { method, headers, body, signal: options.signal });
    if (res.status === 401 && token && !retried) {
      // The token may have been refused at its last second: one refresh, one retry.
      if (await this.session.refresh()) return this.send(method, path, options, true);
      this.session.expire();
    }
    if (!res.ok) throw new ApiError(await toProblem(res));
    return res;
  }
}
