import { z } from 'zod';
import { CloudError } from './cloudErrors';

/*
 * The HTTP layer of the cloud client: JSON and byte requests to one server, every JSON
 * response parsed by its zod schema (the server is a trust boundary like any other), and
 * every failure turned into one CloudError with a one-line message. Redirects are refused
 * so a response can never move us off the checked https origin.
 */

const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export interface CloudHttpOptions {
  baseUrl: URL;
  /** Per request; uploads of large parts may need more. */
  timeoutMs?: number;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export class CloudHttp {
  private readonly timeoutMs: number;
  constructor(private readonly options: CloudHttpOptions) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  get baseUrl(): URL {
    return this.options.baseUrl;
  }

  async json<S extends z.ZodType>(
    method: Method,
    path: string,
    schema: S,
    options: { body?: unknown; token?: string } = {},
  ): Promise<z.output<S>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await this.send(method, path, headers, body);
    const parsed = schema.safeParse(await readJson(response));
    if (!parsed.success)
      throw new CloudError(
        'server_error',
        `the server sent an unexpected answer to ${method} ${path}`,
      );
    return parsed.data;
  }

  async putBytes(path: string, bytes: Uint8Array, token: string): Promise<void> {
    const response = await this.send(
      'PUT',
      path,
      { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      bytes,
    );
    await response.arrayBuffer();
  }

  async getBytes(path: string, token: string): Promise<Buffer> {
    const response = await this.send('GET', path, {
      authorization: `Bearer ${token}`,
      accept: 'application/octet-stream',
    });
    return Buffer.from(await response.arrayBuffer());
  }

  /** Sends one request; resolves only with a 2xx response. */
  private async send(
    method: Method,
    path: string,
    headers: Record<string, string>,
    body?: string | Uint8Array,
  ): Promise<Response> {
    const url = new URL(path, this.options.baseUrl);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw new CloudError('unreachable', `could not reach the cloud server at ${url.origin}`);
    }
    if (response.ok) return response;
    const detail = ErrorBody.safeParse(await readJson(response).catch(() => undefined));
    const code = detail.success ? detail.data.error.code : undefined;
    const message = detail.success ? detail.data.error.message : `HTTP ${response.status}`;
    throw errorFor(response.status, code, message);
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new CloudError('server_error', 'the cloud server sent a response that is not JSON');
  }
}

function errorFor(status: number, code: string | undefined, message: string): CloudError {
  // The server's messages are written for people and never hold secrets; keep one line.
  const line = message.split('\n')[0]?.slice(0, 300) ?? '';
  if (status === 401) return new CloudError('not_signed_in', line, code, status);
  if (status === 404 && code === 'not_found')
    return new CloudError('not_available', 'this server does not offer that feature', code, status);
  if (status >= 500)
    return new CloudError('server_error', `the cloud server failed (${status})`, code, status);
  return new CloudError('rejected', line, code, status);
}
