import { Command, InvalidArgumentError } from 'commander';
import type { CliContext } from '../cliContext';
import { CliError } from '../cliErrors';

type ContextFactory = (command: Command) => CliContext;

/** audit verify, audit list, audit retention. */
export function registerAuditCommands(program: Command, contextOf: ContextFactory): void {
  const audit = program.command('audit').description('the tamper-evident audit log');

  audit
    .command('verify')
    .description(
      'check the hash chain; exits 1 and names the first bad row if it was tampered with',
    )
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const verdict = await ctx.withVault((vault) => vault.verifyAudit());
      if (!verdict.ok) {
        if (ctx.json) ctx.print(verdict, '');
        throw new CliError('BAD_INPUT', `audit log tampered: ${verdict.reason}`);
      }
      ctx.print(verdict, `Audit log intact: ${verdict.rows} rows verified.`);
    });

  audit
    .command('list')
    .description('show the newest audit events')
    .option('--limit <n>', 'how many rows', parseLimit, 50)
    .option('--before <seq>', 'rows before this sequence number (paging)', parseLimit)
    .action(async (options: { limit: number; before?: number }, command: Command) => {
      const ctx = contextOf(command);
      const rows = await ctx.withVault((vault) => vault.listAudit(options.limit, options.before));
      const shown = rows.map((row) => ({
        seq: row.seq,
        at: row.at,
        event: row.event,
        details: JSON.parse(row.details) as unknown,
      }));
      ctx.print(
        shown,
        shown.length === 0
          ? 'No audit events.'
          : shown.map(
              (row) => `${row.seq}\t${row.at}\t${row.event}\t${JSON.stringify(row.details)}`,
            ),
      );
    });

  audit
    .command('retention')
    .description('show or set how many days of audit history are kept (at least 90)')
    .option('--days <n>', 'keep this many days (lowering it is itself audited)', parseDays)
    .action(async (options: { days?: number }, command: Command) => {
      const ctx = contextOf(command);
      const days = await ctx.withVault((vault) => {
        if (options.days !== undefined) vault.setAuditRetentionDays(options.days);
        return vault.auditRetentionDays();
      });
      ctx.print({ days }, `Audit log retention: ${days} days.`);
    });
}

function parseLimit(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 10_000) {
    throw new InvalidArgumentError('expected a whole number from 1 to 10000');
  }
  return parsed;
}

function parseDays(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed)) {
    throw new InvalidArgumentError('expected a whole number of days');
  }
  return parsed;
}
