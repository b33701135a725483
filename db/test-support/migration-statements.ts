import { readFileSync } from "node:fs";
import path from "node:path";

// A data migration's test runs it again over a row of the old format in a migrated database: the migration is
// found by its name, whatever number it ends up with, and split into statements as the migrator splits it.

const MIGRATIONS = path.join(import.meta.dirname, "..", "migrations");

export function migrationStatements(name: string): string[] {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS, "meta", "_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  const entry = journal.entries.find((e) => e.tag.endsWith(`_${name}`));
  if (entry === undefined) throw new Error(`no migration named ${name}`);
  return readFileSync(path.join(MIGRATIONS, `${entry.tag}.sql`), "utf8").split("--> statement-breakpoint");
}
