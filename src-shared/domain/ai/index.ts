/**
 * What Casike may send to an AI provider, shared by the desktop app (own key) and the
 * sync server's relay (which scrubs again): the scrubber and the exact request shape.
 */
export { scrubDescription, accountWordsOf, type ScrubContext } from './scrub';
export { GIVEN_NAMES, SURNAMES, PERSONAL_NAMES } from './personalNames';
export {
  AI_BATCH_SIZE,
  answerSchema,
  buildAiRequest,
  parseAiAnswers,
  type AiAnswer,
  type AiItem,
  type AiRequestBody,
} from './aiRequest';
