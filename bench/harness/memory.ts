/**
 * Peak resident memory of this (the "main") process. better-sqlite3 runs every query
 * synchronously, so a timer could never fire mid-query: the runner samples after each
 * run and write scenarios sample inside their record stream instead. The process's
 * true high-water mark (the kernel's maxRSS) is reported too.
 */
export class MemorySampler {
  private peakBytes = 0;
  private peakHeapBytes = 0;

  sample = (): void => {
    const usage = process.memoryUsage();
    this.peakBytes = Math.max(this.peakBytes, usage.rss);
    this.peakHeapBytes = Math.max(this.peakHeapBytes, usage.heapUsed);
  };

  /** The peak RSS since the last reset, in MB, and starts a new window. */
  takePeakMb(): number {
    return this.takePeaks().rssMb;
  }

  /** Peak RSS and peak V8 heap in use since the last reset, in MB; starts a new window. */
  takePeaks(): { rssMb: number; heapMb: number } {
    this.sample();
    const peaks = { rssMb: this.peakBytes / 1_048_576, heapMb: this.peakHeapBytes / 1_048_576 };
    this.peakBytes = 0;
    this.peakHeapBytes = 0;
    return peaks;
  }
}

/** The kernel's high-water mark for the whole process so far, in MB. */
export const processMaxRssMb = (): number => process.resourceUsage().maxRSS / 1024;
