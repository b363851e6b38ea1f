/**
 * Server CPU per request of a few pages side by side with the empty page, in rounds: each round
 * runs every page once (in a rotating order) with a fixed number of requests, reads the server
 * process's CPU time (user + system of all its threads, as process.cpuUsage() inside it would
 * give: /proc/<pid>/stat) before and after, and divides by the requests — all of them answered,
 * so nothing in flight is counted for nothing. A page's ratio is taken against the empty page's run
 * of the same round (seconds apart, so on the same machine), and the figures are the medians over
 * the rounds: a busy machine inflates every page alike, and the ratios hold better than the
 * milliseconds.
 */
import autocannon from "autocannon";
import { cpuMs } from "./server";

export interface CpuPage {
  name: string;
  path: string;
  headers?: Record<string, string>;
  /** At most this many times the empty page's CPU per request (printed as met or not). */
  target?: number;
}

export interface CpuRatio {
  name: string;
  path: string;
  target: number | null;
  /** Median over the rounds of the page's CPU per request (ms). */
  cpuMsPerRequest: number | null;
  /** Median over the rounds of the ratio to the same round's empty page (1 for the empty page). */
  ratio: number | null;
  ratioRange: [number, number] | null;
  rounds: { requests: number; cpuMs: number | null; ratio: number | null }[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round2 = (n: number) => Math.round(n * 100) / 100;

async function run(url: string, headers: Record<string, string> | undefined, options: { amount?: number; duration?: number }, connections: number) {
  const result = await autocannon({ url, headers, connections, pipelining: 1, timeout: 30, ...options });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} answers were not 2xx, ${result.errors} failed`);
  return result;
}

/**
 * The empty page first in `pages`, then the pages to compare with it. Each page is warmed up for
 * `warmSeconds`, which also sizes its rounds: about `roundSeconds` of requests each.
 */
export async function compareCpu(
  base: string,
  pid: number | undefined,
  pages: CpuPage[],
  options: { rounds: number; roundSeconds: number; warmSeconds: number; connections: number },
): Promise<CpuRatio[]> {
  const amounts: number[] = [];
  for (const page of pages) {
    const warm = await run(`${base}${page.path}`, page.headers, { duration: options.warmSeconds }, options.connections);
    amounts.push(Math.max(50, Math.round((warm.requests.total / options.warmSeconds) * options.roundSeconds)));
  }
  const perPage: { requests: number; cpuMs: number | null }[][] = pages.map(() => []);
  for (let r = 0; r < options.rounds; r++) {
    const line: string[] = [];
    for (let k = 0; k < pages.length; k++) {
      const i = (k + r) % pages.length; // rotate which page goes first
      const page = pages[i]!;
      const before = cpuMs(pid);
      await run(`${base}${page.path}`, page.headers, { amount: amounts[i]! }, options.connections);
      const after = cpuMs(pid);
      perPage[i]!.push({ requests: amounts[i]!, cpuMs: before === null || after === null ? null : after - before });
    }
    const empty = perPage[0]![r]!;
    for (const [i, page] of pages.entries()) {
      const x = perPage[i]![r]!;
      const perRequest = x.cpuMs === null ? null : x.cpuMs / x.requests;
      const ratio = perRequest === null || empty.cpuMs === null ? null : perRequest / (empty.cpuMs / empty.requests);
      line.push(`${page.name} ${perRequest === null ? "?" : perRequest.toFixed(2)} ms${i > 0 && ratio !== null ? ` (${ratio.toFixed(2)}×)` : ""}`);
    }
    console.log(`  round ${r + 1}: ${line.join(", ")}`);
  }
  const emptyRuns = perPage[0]!;
  return pages.map((page, i) => {
    const runs = perPage[i]!;
    const known = runs.every((x) => x.cpuMs !== null) && emptyRuns.every((x) => x.cpuMs !== null);
    const ratios = known ? runs.map((x, r) => x.cpuMs! / x.requests / (emptyRuns[r]!.cpuMs! / emptyRuns[r]!.requests)) : [];
    return {
      name: page.name,
      path: page.path,
      target: page.target ?? null,
      cpuMsPerRequest: known ? round2(median(runs.map((x) => x.cpuMs! / x.requests))) : null,
      ratio: known ? round2(median(ratios)) : null,
      ratioRange: known ? [round2(Math.min(...ratios)), round2(Math.max(...ratios))] : null,
      rounds: runs.map((x, r) => ({ requests: x.requests, cpuMs: x.cpuMs, ratio: known ? round2(ratios[r]!) : null })),
    };
  });
}

/** The comparison as a table: CPU per request, ratio (range), target and whether it is met. */
export function printCpuRatios(results: CpuRatio[]): void {
  console.log(`  ${"Page".padEnd(34)} ${"CPU/req".padStart(9)}   ${"× empty (range)".padEnd(20)} target`);
  for (const x of results) {
    const ratio = x.ratio === null ? "?" : x.path === results[0]!.path ? "1" : `${x.ratio} (${x.ratioRange![0]}–${x.ratioRange![1]})`;
    const target = x.target === null ? "" : x.ratio === null ? `≤ ${x.target}×` : `≤ ${x.target}×: ${x.ratio <= x.target ? "met" : "NOT MET"}`;
    console.log(`  ${x.name.padEnd(34)} ${`${x.cpuMsPerRequest ?? "?"} ms`.padStart(9)}   ${ratio.padEnd(20)} ${target}`);
  }
}
