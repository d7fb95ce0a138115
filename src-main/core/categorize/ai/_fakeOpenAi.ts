import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake OpenAI chat-completions server on 127.0.0.1 for tests: it speaks the real
 * wire format (so the official SDK is what is tested), records every request body it
 * receives, and answers from a fixed description → category mapping, or misbehaves
 * on purpose (malformed JSON, a refusal, an HTTP error).
 */
export type FakeBehaviour = 'answer' | 'malformed' | 'refusal' | 'wrong-category' | 'http-500';

export interface FakeOpenAi {
  baseURL: string;
  requests: { path: string; authorization: string | undefined; body: unknown }[];
  behaviour: FakeBehaviour;
  close(): Promise<void>;
}

interface RequestItem {
  id: string;
  description: string;
}

export async function startFakeOpenAi(
  answer: (description: string, categories: string[]) => string | null,
): Promise<FakeOpenAi> {
  const fake: Omit<FakeOpenAi, 'baseURL' | 'close'> = { requests: [], behaviour: 'answer' };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = parseJson(Buffer.concat(chunks).toString('utf8'));
      fake.requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        return send(res, 404, { error: { message: 'not found', type: 'invalid_request_error' } });
      }
      if (fake.behaviour === 'http-500') {
        return send(res, 500, { error: { message: 'server error', type: 'server_error' } });
      }
      const { categories, items } = parseUserMessage(body);
      let content: string | null = null;
      let refusal: string | null = null;
      if (fake.behaviour === 'refusal') refusal = "I'm sorry, I can't help with that.";
      else if (fake.behaviour === 'malformed') content = '{"answers": [ {"id": "1", "categ';
      else if (fake.behaviour === 'wrong-category') {
        content = JSON.stringify({
          answers: items.map((item) => ({
            id: item.id,
            category: 'Not A Category',
            confidence: 'high',
          })),
        });
      } else {
        const answers = items.flatMap((item) => {
          const category = answer(item.description, categories);
          return category === null ? [] : [{ id: item.id, category, confidence: 'high' }];
        });
        content = JSON.stringify({ answers });
      }
      send(res, 200, {
        id: `chatcmpl-fake${fake.requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: modelOf(body),
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content, refusal, annotations: [] },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    baseURL: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function send(res: http.ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}

function modelOf(body: unknown): string {
  return typeof body === 'object' &&
    body !== null &&
    'model' in body &&
    typeof body.model === 'string'
    ? body.model
    : 'unknown';
}

function parseUserMessage(body: unknown): { categories: string[]; items: RequestItem[] } {
  const messages =
    typeof body === 'object' && body !== null && 'messages' in body && Array.isArray(body.messages)
      ? (body.messages as { role?: unknown; content?: unknown }[])
      : [];
  const user = messages.find((message) => message.role === 'user');
  try {
    const parsed = JSON.parse(String(user?.content)) as {
      categories?: string[];
      items?: RequestItem[];
    };
    return { categories: parsed.categories ?? [], items: parsed.items ?? [] };
  } catch {
    return { categories: [], items: [] };
  }
}
