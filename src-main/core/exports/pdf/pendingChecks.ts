/**
 * Checks still running in the background (receipt hashes being computed on the thread
 * pool) while the report goes on. At most `limit` run at once, so the copies they hold
 * stay bounded; the first failure is kept and thrown by `add` or `all`, and a failure
 * is never left unhandled while it waits to be collected.
 */
export class PendingChecks {
  private running: Promise<void>[] = [];
  private failure: { error: unknown } | null = null;

  constructor(private readonly limit = 4) {}

  /** Tracks `check`; waits for the oldest ones first if `limit` are already running. */
  async add(check: Promise<void>): Promise<void> {
    this.running.push(
      check.catch((error: unknown) => {
        this.failure ??= { error };
      }),
    );
    while (this.running.length > this.limit) await this.running.shift();
    this.throwIfFailed();
  }

  /** Waits for every check; throws the first failure. */
  async all(): Promise<void> {
    const running = this.running;
    this.running = [];
    await Promise.all(running);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
