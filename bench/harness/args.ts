import { parseArgs } from 'node:util';
import type { Plan, SizeSpec } from './types';

export const FULL_SIZES = ['10k', '100k', '1m'];
export const QUICK_SIZES = ['10k', '100k'];

export const USAGE = `npm run bench [-- options]
  --quick            10k and 100k only (under two minutes)
  --sizes 10k,1m     ledger sizes to run (k = thousand, m = million)
  --seed N           generator seed (default 42)
  --only a,b         only scenarios whose id contains one of these
  --list             list the scenarios and exit`;

export interface Args {
  plan: Plan;
  list: boolean;
  help: boolean;
}

export function parseBenchArgs(argv: readonly string[], outDir: string): Args {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      seed: { type: 'string', default: '42' },
      only: { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const labels = values.sizes?.split(',') ?? (values.quick ? QUICK_SIZES : FULL_SIZES);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`--seed must be a whole number`);
  return {
    plan: {
      sizes: labels.map(parseSize).sort((a, b) => a.rows - b.rows),
      smoke: false,
      quick: values.quick,
      seed,
      only: values.only?.split(',').filter((part) => part !== '') ?? [],
      outDir,
    },
    list: values.list,
    help: values.help,
  };
}

export function parseSize(text: string): SizeSpec {
  const match = /^(\d+)(k|m)?$/i.exec(text.trim());
  if (!match) throw new Error(`not a size: "${text}" (try 10k, 100k, 1m)`);
  const unit = match[2]?.toLowerCase();
  const rows = Number(match[1]) * (unit === 'k' ? 1_000 : unit === 'm' ? 1_000_000 : 1);
  return { label: text.trim().toLowerCase(), rows };
}
