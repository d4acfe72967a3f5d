// Repeated measurements: median with min–max beside it, and ratios against a baseline.
export interface Summary {
  median: number;
  min: number;
  max: number;
  samples: readonly number[];
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error("Nothing to summarize: no samples.");
  const sorted = [...samples].sort((a, b) => a - b);
  // Every index used below is in range: there is at least one sample.
  const at = (index: number) => sorted.at(index) as number;
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  return { median, min: at(0), max: at(-1), samples };
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

export const range = (s: Summary, unit = "") => `${fmt(s.median)}${unit} (${fmt(s.min)}–${fmt(s.max)})`;

/** One table row: a cell per column. */
export type Row = readonly string[];

/** Prints rows as an aligned table. */
export function printTable(title: string, header: Row, rows: readonly Row[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: Row) => cells.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join("  ");
  console.log(`\n${title}\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const row of rows) console.log(line(row));
}
