/**
 * Prints the categorizer's evaluation: the local model's learning curve, and local vs
 * local + AI (fake OpenAI server) in a real temporary vault. Run with
 * `npx tsx src-main/core/categorize/evaluation/_runEvaluation.ts`; the numbers go in
 * docs/categorization.md.
 */
import { _openTempVault } from '../../vault/_testSupport';
import { learningCurve } from './learningCurve';
import { evaluateLocalPlusAi } from './_localPlusAi';

const say = (line: string) => process.stdout.write(`${line}\n`);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function main(): Promise<void> {
  say(
    'Local model learning curve (test: 2,000 seen-merchant + 400 unseen-merchant + 30 hard cases)',
  );
  say(
    'labelled | top-1 | seen merchants | unseen merchants | hard cases | ≥0.9 share | ≥0.9 precision',
  );
  for (const p of learningCurve([10, 50, 200, 1000])) {
    say(
      [
        p.labelled,
        pct(p.accuracy),
        pct(p.seenAccuracy),
        pct(p.unseenAccuracy),
        pct(p.hardAccuracy),
        pct(p.autoShare),
        pct(p.autoPrecision),
      ].join(' | '),
    );
  }
  say('\nLocal vs local + AI (real vault, fake OpenAI server via the SDK)');
  for (const labelled of [50, 200]) {
    const temp = await _openTempVault();
    try {
      const r = await evaluateLocalPlusAi(temp.vault, labelled);
      say(
        `labelled ${r.labelled}: local ${pct(r.localAccuracy)}, local + AI ${pct(r.combinedAccuracy)} over ${r.tested} transactions (${r.aiRequests} AI requests)`,
      );
    } finally {
      temp.close();
    }
  }
}

void main();
