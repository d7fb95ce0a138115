import { migration0001 } from './0001-initial';
import type { Migration } from './migration';

/** Every migration in order. Append new ones at the end; versions must be 1..n. */
export const MIGRATIONS: readonly Migration[] = [migration0001];

export type { Migration } from './migration';
