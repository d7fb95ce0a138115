import { z } from 'zod';

/**
 * The exact request Casike sends to an OpenAI-compatible chat completions API, built
 * from scrubbed items only. The same object is what `ai preview` shows, so what the
 * user approves is byte for byte what goes out. Structured outputs: the response
 * must match a JSON schema whose category field is an enum of the user's categories.
 */
/** Items per request: small enough for one quick answer, large enough to be worth a call. */
export const AI_BATCH_SIZE = 50;

export interface AiItem {
  /** A local index ("1", "2", …): never a transaction id. */
  id: string;
  description: string;
  direction: 'in' | 'out';
}

export interface AiRequestBody {
  model: string;
  store: false;
  temperature: number;
  messages: { role: 'system' | 'user'; content: string }[];
  response_format: {
    type: 'json_schema';
    json_schema: { name: string; strict: true; schema: Record<string, unknown> };
  };
}

const INSTRUCTIONS =
  'You categorize bank transactions for a personal finance app. Each item is a merchant ' +
  'description with personal details removed and whether money went in or out. For every ' +
  'item, choose the single best category from the allowed list, and say "high" confidence ' +
  'only when the merchant clearly belongs there. Answer for every id.';

/** The response schema: one answer per item, the category restricted to the user's own names. */
export function answerSchema(categoryNames: readonly [string, ...string[]]) {
  return z.strictObject({
    answers: z.array(
      z.strictObject({
        id: z.string(),
        category: z.enum(categoryNames),
        confidence: z.enum(['high', 'low']),
      }),
    ),
  });
}

export function buildAiRequest(
  model: string,
  categoryNames: readonly [string, ...string[]],
  items: readonly AiItem[],
): AiRequestBody {
  const schema = z.toJSONSchema(answerSchema(categoryNames), { target: 'draft-7' }) as Record<
    string,
    unknown
  >;
  delete schema.$schema;
  return {
    model,
    store: false,
    temperature: 0,
    messages: [
      { role: 'system', content: INSTRUCTIONS },
      {
        role: 'user',
        content: JSON.stringify({ categories: categoryNames, items }),
      },
    ],
    response_format: {
      type: 'json_schema',
      json_schema: { name: 'transaction_categories', strict: true, schema },
    },
  };
}

export interface AiAnswer {
  id: string;
  category: string;
  confidence: 'high' | 'low';
}

/**
 * Reads the model's reply. Anything that is not valid JSON matching the schema, a
 * refusal, or an answer for an id we did not send yields no answers at all — a
 * wrong category silently applied is worse than none.
 */
export function parseAiAnswers(
  content: string | null | undefined,
  categoryNames: readonly [string, ...string[]],
  sentIds: ReadonlySet<string>,
): AiAnswer[] | null {
  if (typeof content !== 'string') return null;
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return null;
  }
  const parsed = answerSchema(categoryNames).safeParse(json);
  if (!parsed.success) return null;
  const seen = new Set<string>();
  for (const answer of parsed.data.answers) {
    if (!sentIds.has(answer.id) || seen.has(answer.id)) return null;
    seen.add(answer.id);
  }
  return parsed.data.answers;
}
