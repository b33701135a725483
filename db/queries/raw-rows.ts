import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";

// Pieces of hand-written statements that insert many rows at once (db/queries/runs.ts, signed-requests.ts):
// each column travels as one array placeholder, so the statement's text is the same however many rows it
// carries (it is prepared once). Column names, SQL types and value encodings come from the Drizzle table, so
// a renamed or retyped column changes the statement with it.

type Insert<T extends PgTable> = T["$inferInsert"];

function columnOf(table: PgTable, key: string): PgColumn {
  const column = getTableColumns(table)[key];
  if (column === undefined) throw new Error(`no column ${key} in the table`);
  return column;
}

/** `col, col, …`: the SQL names of these keys of the table. */
export function columnNames<T extends PgTable>(table: T, keys: readonly (keyof Insert<T> & string)[]): SQL {
  return sql.join(
    keys.map((k) => sql.identifier(columnOf(table, k).name)),
    sql`, `,
  );
}

/**
 * `$1::text[]::uuid[], …`: one array placeholder per key, named `<prefix><key>`, sent as text and cast to the
 * column's type in SQL. Text, because the two drivers disagree on typed arrays: the Postgres one serializes
 * an array of booleans, bytes or times wrongly, and PGlite refuses text where it expects bytes.
 */
export function columnArrays<T extends PgTable>(
  table: T,
  keys: readonly (keyof Insert<T> & string)[],
  prefix: string,
): SQL {
  return sql.join(
    keys.map(
      (k) => sql`${sql.placeholder(prefix + k)}::text[]::${sql.raw(columnOf(table, k).getSQLType())}[]`,
    ),
    sql`, `,
  );
}

/** The values of `columnArrays`: for each key, its rows' values as the column encodes them, as text. */
export function columnArrayValues<T extends PgTable, K extends keyof Insert<T> & string>(
  table: T,
  keys: readonly K[],
  rows: readonly Pick<Insert<T>, K>[],
  prefix: string,
): Record<string, unknown[]> {
  const values: Record<string, unknown[]> = {};
  for (const k of keys) {
    const column = columnOf(table, k);
    values[prefix + k] = rows.map((row) => {
      const value: unknown = row[k];
      if (value === null || value === undefined) return null;
      return asText(column.mapToDriverValue(value));
    });
  }
  return values;
}

/** A value as Postgres reads it from text: bytes in hex, numbers and booleans as JavaScript prints them. */
export function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString("hex")}`;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  throw new Error(`asText: cannot send ${Object.prototype.toString.call(value)} as text`);
}
