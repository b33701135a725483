/** One line of the results table: a figure, its same-run reference, and the target it is judged by. */
export interface BenchRow {
  row: string;
  what: string;
  figure: string;
  reference: string;
  ratio: string;
  target: string;
  met: boolean;
  /** The 1-minute load average when the row finished. */
  load: number;
  detail?: Record<string, unknown>;
}
