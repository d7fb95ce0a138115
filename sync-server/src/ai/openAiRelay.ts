import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import {
  buildAiRequest,
  parseAiAnswers,
  scrubDescription,
  type AiAnswer,
  type AiItem,
} from '../../../src-shared/domain/ai';

/*
 * The AI relay: categorization for users without their own OpenAI key. The client has
 * already scrubbed every description; the relay scrubs again (a modified or outdated
 * client must not be able to push personal data through us), asks the model with the
 * same structured-output request the desktop app uses (`store: false`), and returns
 * only answers that match the schema. Payloads are never logged or stored.
 */

export type RelayOutcome =
  { status: 'ok'; answers: AiAnswer[] } | { status: 'refused' | 'malformed' };

export interface RelayRequest {
  categories: readonly [string, ...string[]];
  items: readonly AiItem[];
}

export interface OpenAiRelay {
  categorize(request: RelayRequest): Promise<RelayOutcome>;
}

const RELAY_MODEL = 'gpt-4o-mini';

export function createOpenAiRelay(config: {
  apiKey: string;
  baseUrl: string | undefined;
}): OpenAiRelay {
  const client = new OpenAI({
    apiKey: config.apiKey,
    ...(config.baseUrl !== undefined ? { baseURL: config.baseUrl } : {}),
    maxRetries: 1,
    timeout: 60_000,
  });
  return {
    async categorize({ categories, items }) {
      const scrubbed = items.map((item) => ({
        ...item,
        description: scrubDescription(item.description),
      }));
      const params: ChatCompletionCreateParamsNonStreaming = buildAiRequest(
        RELAY_MODEL,
        categories,
        scrubbed,
      );
      const completion = await client.chat.completions.create(params);
      const message = completion.choices[0]?.message;
      if (message?.refusal) return { status: 'refused' };
      const answers = parseAiAnswers(
        message?.content,
        categories,
        new Set(items.map((item) => item.id)),
      );
      return answers === null ? { status: 'malformed' } : { status: 'ok', answers };
    },
  };
}
