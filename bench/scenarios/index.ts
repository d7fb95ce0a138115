import type { Scenario } from '../harness/types';
import { importScenarios } from './imports';
import { listScenarios } from './lists';
import { peerScenarios } from './peers';
import { BACKUP_SCENARIOS, STATEMENT_PDF_SCENARIOS } from './pending';
import { reportScenarios } from './reports';
import { unlockScenarios } from './unlock';
import { writeScenarios } from './write';

/*
 * Every scenario, in run order. Reads come before writes so the read phase's peak
 * memory is not the writes' leftovers. The statement PDF and backup scenarios are
 * hooks (scenarios/pending.ts) that their features fill in.
 */
export const SCENARIOS: readonly Scenario[] = [
  ...unlockScenarios,
  ...listScenarios,
  ...reportScenarios,
  ...writeScenarios,
  ...importScenarios,
  ...STATEMENT_PDF_SCENARIOS,
  ...BACKUP_SCENARIOS,
  ...peerScenarios,
];
