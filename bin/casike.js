#!/usr/bin/env node
// The `casike` command. It runs the TypeScript sources through tsx so that
// `npx casike` works straight after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src-main/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
