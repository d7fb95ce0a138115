import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-ledger';
import { migration0003 } from './0003-imports';
import { migration0009 } from './0009-categorize';
import { migration0006 } from './0006-invoices';
import { migration0005 } from './0005-expenses';
import { migration0007Cloud } from './0007-cloud';
import { migration0010Bank } from './0010-bank';
import { migration0011AuditRetention } from './0011-audit-retention';
import type { Migration } from './migration';

/**
 * Every migration in order. Append new ones at the end; versions must be 1..n.
 * File prefixes were assigned when several were written in parallel and do not all match
 * their version (0009-categorize is version 4, 0006-invoices 5, 0005-expenses 6,
 * 0010-bank 8, 0011-audit-retention 9): the `version` field and this order are what count.
 */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0009,
  migration0006,
  migration0005,
  migration0007Cloud,
  migration0010Bank,
  migration0011AuditRetention,
];

export type { Migration } from './migration';
