import { searchDestination } from "@/app/_server/search";
import { DEFAULT_PARAMS } from "@/lib/protocol/params";
import { resolveSearch } from "@/lib/search/resolve";

export const dynamic = "force-dynamic";

// GET /search?q= – the header's search box: straight to the page the text names (303, so a reload searches
// again rather than reposting)
export async function GET(request: Request): Promise<Response> {
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const location = await searchDestination(resolveSearch(q, DEFAULT_PARAMS.epistula.ss58Prefix));
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}
