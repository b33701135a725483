// CSV export of the list routes (RFC 4180): CRLF line ends, a header row, and a field quoted when it holds a
// comma, a quote, CR or LF, with quotes doubled inside.

export type CsvValue = string | number | boolean | bigint | Date | null | undefined;

export interface CsvColumn<T> {
  readonly header: string;
  readonly value: (row: T) => CsvValue;
}

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => csvField(c.header)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvField(c.value(row))).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** A CSV download; `header=present` tells spreadsheet importers the first row names the columns. */
export function csvResponse(filename: string, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8; header=present",
      "content-disposition": `attachment; filename="${filename}"`,
      ...headers,
    },
  });
}
