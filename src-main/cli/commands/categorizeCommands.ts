import { Command, InvalidArgumentError, Option } from 'commander';
import {
  aiPreview,
  applySuggestions,
  disableAi,
  enableAi,
  suggest,
  type SuggestResult,
} from '../../core/categorize';
import type { CliContext } from '../cliContext';
import { secretFrom } from '../secretPrompt';
import { textTable } from './textTable';

type ContextFactory = (command: Command) => CliContext;

/** categorize suggest|apply, ai preview|enable|disable. */
export function registerCategorizeCommands(program: Command, contextOf: ContextFactory): void {
  const categorize = program
    .command('categorize')
    .description(
      'suggest categories for uncategorized transactions, learned from your own choices',
    );

  categorize
    .command('suggest')
    .description('list suggestions, newest transactions first (rules win over the model)')
    .option('--limit <n>', 'how many uncategorized transactions to look at', parseLimit, 500)
    .action(async (options: { limit: number }, command: Command) => {
      const ctx = contextOf(command);
      const result = await ctx.withVault((vault) => suggest(vault, { limit: options.limit }));
      const rows = result.suggestions.map((s) => [
        s.date,
        s.payee ?? s.memo,
        s.categoryName,
        `${Math.round(s.confidence * 100)}%`,
        s.source,
        s.explanation,
      ]);
      ctx.print(result, [
        ...(rows.length === 0
          ? ['No suggestions: nothing uncategorized, or nothing learned yet.']
          : textTable(['Date', 'Payee', 'Category', 'Sure', 'From', 'Why'], rows, [
              'left',
              'left',
              'left',
              'right',
              'left',
              'left',
            ])),
        ...aiLine(result.ai),
      ]);
    });

  categorize
    .command('apply')
    .description('file every suggestion at or above a confidence, all or nothing')
    .requiredOption('--min-confidence <p>', 'between 0.5 and 1, e.g. 0.9', parseConfidence)
    .action(async (options: { minConfidence: number }, command: Command) => {
      const ctx = contextOf(command);
      const result = await ctx.withVault((vault) => applySuggestions(vault, options.minConfidence));
      ctx.print(result, [
        `Categorized ${result.applied} transaction${result.applied === 1 ? '' : 's'}.`,
        ...aiLine(result.ai),
      ]);
    });

  const ai = program
    .command('ai')
    .description('the opt-in AI helper: only scrubbed merchant names ever leave this machine');

  ai.command('preview')
    .description('show the exact request the AI helper would send (nothing is sent)')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const preview = await ctx.withVault((vault) => aiPreview(vault));
      ctx.print(
        preview,
        preview.requests.length === 0
          ? 'Nothing would be sent: no uncategorized transaction the local model is unsure about.'
          : [
              `${preview.items} description${preview.items === 1 ? '' : 's'} for ${preview.transactions} transaction${preview.transactions === 1 ? '' : 's'} would be sent in ${preview.requests.length} request${preview.requests.length === 1 ? '' : 's'}, exactly as follows:`,
              ...preview.requests.map((body) => JSON.stringify(body, null, 2)),
            ],
      );
    });

  ai.command('enable')
    .description(
      'switch the AI helper on with your own OpenAI key (env CASIKE_OPENAI_API_KEY, else a prompt), or --relay through Casike Cloud',
    )
    .addOption(new Option('--relay', 'use the Casike Cloud relay instead of your own key'))
    .option('--model <name>', 'the model to ask')
    .option('--base-url <url>', 'an OpenAI-compatible API (https only; env OPENAI_BASE_URL)')
    .action(
      async (options: { relay?: boolean; model?: string; baseUrl?: string }, command: Command) => {
        const ctx = contextOf(command);
        const apiKey = options.relay
          ? undefined
          : await secretFrom('CASIKE_OPENAI_API_KEY', 'OpenAI API key: ');
        const baseUrl = options.baseUrl ?? process.env.OPENAI_BASE_URL;
        const settings = await ctx.withVault((vault) =>
          enableAi(vault, {
            mode: options.relay ? 'relay' : 'own-key',
            apiKey,
            ...(baseUrl ? { baseUrl } : {}),
            ...(options.model ? { model: options.model } : {}),
          }),
        );
        ctx.print(
          { aiEnabled: settings.aiEnabled, aiMode: settings.aiMode },
          'AI helper on. Run `casike ai preview` to see exactly what would be sent before anything is.',
        );
      },
    );

  ai.command('disable')
    .description('switch the AI helper off and forget the stored key')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const settings = await ctx.withVault((vault) => disableAi(vault));
      ctx.print({ aiEnabled: settings.aiEnabled }, 'AI helper off; the stored key was removed.');
    });
}

function aiLine(ai: SuggestResult['ai']): string[] {
  if (ai.status === 'off' || ai.status === 'ok' || ai.status === 'nothing-to-send') return [];
  return [`AI helper: ${ai.message ?? ai.status}`];
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100_000)
    throw new InvalidArgumentError('must be a whole number from 1 to 100000');
  return n;
}

function parseConfidence(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0.5 || n > 1)
    throw new InvalidArgumentError('must be a number from 0.5 to 1');
  return n;
}
