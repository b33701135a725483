#!/usr/bin/env bash
# Lighthouse (performance and accessibility, mobile preset: simulated slow 4G and 4x CPU) on the home page and
# the leaderboard of a running explorer, with Debian's Chromium.
#   bash bench/lighthouse/run.sh [base URL, default http://127.0.0.1:3216]
# Lighthouse 12.2.3 is the last line that runs on Node 20 (13.x needs Node 22); npx fetches it once.
set -euo pipefail
BASE="${1:-http://127.0.0.1:3216}"
OUT="${LIGHTHOUSE_OUT:-bench/results/lighthouse}"
mkdir -p "$OUT"
for page in "" leaderboard; do
  name="${page:-home}"
  curl -s -o /dev/null "$BASE/$page" # warm the server (first render compiles nothing, but fills caches)
  npx --yes lighthouse@12.2.3 "$BASE/$page" --quiet \
    --chrome-path="${CHROMIUM_PATH:-/usr/bin/chromium}" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --only-categories=performance,accessibility --output=json --output-path="$OUT/$name.json"
  node -e '
    const r = require(process.argv[1]);
    const a = r.audits;
    console.log(`${process.argv[2]}: performance ${r.categories.performance.score}, accessibility ${r.categories.accessibility.score}` +
      ` (FCP ${a["first-contentful-paint"].displayValue}, LCP ${a["largest-contentful-paint"].displayValue},` +
      ` TBT ${a["total-blocking-time"].displayValue}, CLS ${a["cumulative-layout-shift"].displayValue})`);
  ' "$PWD/$OUT/$name.json" "$name"
done
