import "server-only";
import type { DehydratedState } from "@tanstack/react-query";
import type { LastStatus } from "@/components/errors/database-down";
import { apiRead } from "@/lib/client/reads";
import { read } from "@/server/read";
import { prefetch } from "./api";

export type LayoutStatus =
  | { readonly ok: true; readonly state: DehydratedState }
  | { readonly ok: false; readonly last: LastStatus | null; readonly reason: string };

// Per process, on globalThis for the same reason as the database itself (db/instance.ts): Next bundles the
// layout apart from the server, and both must see one copy.
const KEY = Symbol.for("cacheon.lastStatus");
type Holder = { [KEY]?: LastStatus };

/**
 * Reads the status for the root layout. When the database does not answer, every page would fail the same way;
 * instead the layout says so once, with what it last knew, rather than Next's generic error page.
 */
export async function readLayoutStatus(now = new Date()): Promise<LayoutStatus> {
  const holder = globalThis as Holder;
  try {
    const statusRead = apiRead("/api/v1/status");
    const status = await read(statusRead);
    holder[KEY] = { status, readAt: now };
    return { ok: true, state: await prefetch({ request: statusRead, answer: status }) };
  } catch (error) {
    return {
      ok: false,
      last: holder[KEY] ?? null,
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}
