import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { AiRequestBody } from '../../../../src-shared/domain/ai';

/** What came back from the model: its text, or the refusal it gave instead. */
export interface AiReply {
  content: string | null;
  refusal: string | null;
}

export type AiTransport = (body: AiRequestBody) => Promise<AiReply>;

/**
 * Sends a prepared request with the official SDK and the user's own key. The base URL
 * must be https (or loopback, for development and the tests' fake server): a key and
 * even scrubbed text never travel in clear.
 */
export function openAiTransport(apiKey: string, baseURL: string | null): AiTransport {
  if (baseURL !== null) assertSafeBaseUrl(baseURL);
  const client = new OpenAI({
    apiKey,
    ...(baseURL !== null ? { baseURL } : {}),
    maxRetries: 1,
    timeout: 60_000,
  });
  return async (body) => {
    const params: ChatCompletionCreateParamsNonStreaming = body;
    const completion = await client.chat.completions.create(params);
    const message = completion.choices[0]?.message;
    return { content: message?.content ?? null, refusal: message?.refusal ?? null };
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function assertSafeBaseUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('the AI base URL is not a valid URL');
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error('the AI base URL must use https');
  }
}
