import type { Scenario } from '../harness/types';
import { listScenarios } from './lists';
import { reportScenarios } from './reports';
import { unlockScenarios } from './unlock';
import { writeScenarios } from './write';

/*
 * Every scenario, in run order. Reads come before writes so the read phase's peak
 * memory is not the writes' leftovers. Later scenarios (CSV import and export, the
 * statement PDF, backup, hledger/ledger) slot in here: write a Scenario, list it.
 */
export const SCENARIOS: readonly Scenario[] = [
  ...unlockScenarios,
  ...listScenarios,
  ...reportScenarios,
  ...writeScenarios,
];
