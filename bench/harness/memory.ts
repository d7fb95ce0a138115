/**
 * Peak resident memory of this (the "main") process. better-sqlite3 runs every query
 * synchronously, so a timer could never fire mid-query: the runner samples after each
 * run and write scenarios sample inside their record stream instead. The process's
 * true high-water mark (the kernel's maxRSS) is reported too.
 */
export class MemorySampler {
  private peakBytes = 0;

  sample = (): void => {
    this.peakBytes = Math.max(this.peakBytes, process.memoryUsage.rss());
  };

  /** The peak since the last reset, in MB, and starts a new window. */
  takePeakMb(): number {
    this.sample();
    const peak = this.peakBytes;
    this.peakBytes = 0;
    return peak / 1_048_576;
  }
}

/** The kernel's high-water mark for the whole process so far, in MB. */
export const processMaxRssMb = (): number => process.resourceUsage().maxRSS / 1024;
