import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-ledger';
import { migration0003 } from './0003-imports';
import { migration0004Categorize } from './0004-categorize';
import { migration0005Invoices } from './0005-invoices';
import { migration0006Expenses } from './0006-expenses';
import { migration0007Cloud } from './0007-cloud';
import { migration0008Bank } from './0008-bank';
import { migration0009AuditRetention } from './0009-audit-retention';
import type { Migration } from './migration';

/**
 * Every migration in order. Append new ones at the end; versions must be 1..n, and a
 * file's four-digit prefix is its version.
 */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004Categorize,
  migration0005Invoices,
  migration0006Expenses,
  migration0007Cloud,
  migration0008Bank,
  migration0009AuditRetention,
];

export type { Migration } from './migration';
