import { z } from 'zod';
import type { AiRequestBody } from '../../../../src-shared/domain/ai';
import { authorizedClient } from '../../cloud';
import type { UnlockedVault } from '../../vault';
import type { AiTransport } from './openAiTransport';

/**
 * The AI helper through Casike Cloud's relay (`POST /v1/ai/categorize`) instead of the
 * user's own key: the same scrubbed categories and items as the previewed request, sent
 * over the signed-in cloud session (https only). The relay scrubs again, asks the model
 * and returns only schema-valid answers; its reply is turned back into what the model
 * would have said so the same checks apply to it.
 */
const RelayReplySchema = z.object({
  status: z.enum(['ok', 'refused', 'malformed']),
  answers: z.array(
    z.object({ id: z.string(), category: z.string(), confidence: z.enum(['high', 'low']) }),
  ),
});

const PreviewedPayload = z.object({
  categories: z.array(z.string()),
  items: z.array(
    z.object({ id: z.string(), description: z.string(), direction: z.enum(['in', 'out']) }),
  ),
});

export function relayTransport(vault: UnlockedVault): AiTransport {
  const client = authorizedClient(vault);
  return async (body: AiRequestBody) => {
    const user = body.messages.find((message) => message.role === 'user');
    const payload = PreviewedPayload.parse(JSON.parse(user?.content ?? '{}'));
    const reply = await client.call((token) =>
      client.http.json('POST', '/v1/ai/categorize', RelayReplySchema, { token, body: payload }),
    );
    if (reply.status === 'refused') {
      return { content: null, refusal: 'The AI model declined to answer.' };
    }
    if (reply.status === 'malformed') return { content: null, refusal: null };
    return { content: JSON.stringify({ answers: reply.answers }), refusal: null };
  };
}
