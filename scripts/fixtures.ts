// `npm run fixtures`: downloads the real subtensor fixtures into CACHEON_FIXTURES_DIR (default
// ../shared/fixtures) and checks their sha256 (scripts/fixtures/fetch.ts names the sources).
import { fixturesDir } from "@/lib/chain/test-support/fixtures";
import { fetchFixtures } from "./fixtures/fetch";

fetchFixtures(fixturesDir()).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
