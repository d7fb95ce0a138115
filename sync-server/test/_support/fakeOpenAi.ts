import http from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A minimal fake of OpenAI's chat completions endpoint for the relay's tests: records
 * each request body and answers every item with a fixed category (or misbehaves).
 */
export interface FakeOpenAi {
  baseURL: string;
  bodies: unknown[];
  behaviour: 'answer' | 'malformed' | 'error';
  close(): Promise<void>;
}

export async function startFakeOpenAi(category: string): Promise<FakeOpenAi> {
  const state: Pick<FakeOpenAi, 'bodies' | 'behaviour'> = { bodies: [], behaviour: 'answer' };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        messages: { role: string; content: string }[];
      };
      state.bodies.push(body);
      if (state.behaviour === 'error') {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'boom', type: 'server_error' } }));
        return;
      }
      const user = body.messages.find((m) => m.role === 'user');
      const { items } = JSON.parse(user?.content ?? '{"items":[]}') as { items: { id: string }[] };
      const content =
        state.behaviour === 'malformed'
          ? 'not json'
          : JSON.stringify({
              answers: items.map((i) => ({ id: i.id, category, confidence: 'high' })),
            });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-relay',
          object: 'chat.completion',
          created: 0,
          model: 'gpt-4o-mini',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content, refusal: null },
              finish_reason: 'stop',
              logprobs: null,
            },
          ],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    baseURL: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
