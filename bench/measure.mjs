// How the fresh processes of bench/run.mjs (upload-process.mjs, download-process.mjs) measure
// one run of `work`: wall time, CPU time, minor page faults, and RSS and ArrayBuffer memory
// sampled every 50 ms against a baseline taken right before, after a full GC (run them with
// --expose-gc). Prints the result as one JSON line on stdout.
import { performance } from 'node:perf_hooks';

const SAMPLE_MS = 50;

export async function measure(work) {
  globalThis.gc?.();
  const before = process.memoryUsage();
  let peak = before.rss;
  let peakBuffers = before.arrayBuffers;
  const sample = () => {
    const now = process.memoryUsage();
    peak = Math.max(peak, now.rss);
    peakBuffers = Math.max(peakBuffers, now.arrayBuffers);
  };
  const timer = setInterval(sample, SAMPLE_MS);
  const cpu = process.cpuUsage();
  const faults = process.resourceUsage().minorPageFault;
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  const seconds = (performance.now() - started) / 1000;
  sample();
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    `${JSON.stringify({
      seconds,
      baselineRss: before.rss,
      peakRss: peak,
      rssGrowth: peak - before.rss,
      buffersGrowth: peakBuffers - before.arrayBuffers,
      cpuS: (used.user + used.system) / 1e6,
      userS: used.user / 1e6,
      sysS: used.system / 1e6,
      minorFaults: process.resourceUsage().minorPageFault - faults,
    })}\n`,
  );
}
