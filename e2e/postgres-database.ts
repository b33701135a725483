// A fresh Postgres database for the database-down explorer (playwright.config.ts), migrated and given a chain
// cursor so the status row has a block to tell of: `node --import tsx e2e/postgres-database.ts <admin url> <name>`.
import postgres from "postgres";
import { openDatabase } from "@/db/client";
import { seedCursor } from "@/db/test-support/seed";

const [adminUrl, name] = process.argv.slice(2);
if (!adminUrl || !name || !/^[a-z_][a-z0-9_]*$/.test(name)) {
  console.error("usage: node --import tsx e2e/postgres-database.ts <admin url> <database name>");
  process.exit(1);
}

const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
await admin.unsafe(`drop database if exists ${name} with (force)`);
await admin.unsafe(`create database ${name}`);
await admin.end();

const url = new URL(adminUrl);
url.pathname = `/${name}`;
const database = await openDatabase({ databaseUrl: url.toString() });
await seedCursor(database.db, 41_000, "finney");
await database.close();
