#!/usr/bin/env bash
# Lighthouse (performance and accessibility, mobile preset: simulated slow 4G and 4x CPU) on the home page and
# the leaderboard of a running explorer, with Debian's Chromium, LIGHTHOUSE_RUNS times each (default 5): a
# score moves from run to run with the machine, so each run is printed and the median is the figure, as
# Lighthouse's own documentation on variability advises.
#   bash bench/lighthouse/run.sh [base URL, default http://127.0.0.1:3216]
# Lighthouse 12.2.3 is the last line that runs on Node 20 (13.x needs Node 22); npx fetches it once.
set -euo pipefail
BASE="${1:-http://127.0.0.1:3216}"
OUT="${LIGHTHOUSE_OUT:-bench/results/lighthouse}"
RUNS="${LIGHTHOUSE_RUNS:-5}"
mkdir -p "$OUT"
for page in "" leaderboard; do
  name="${page:-home}"
  curl -s -o /dev/null "$BASE/$page" # warm the server (first render compiles nothing, but fills caches)
  for run in $(seq 1 "$RUNS"); do
    # Lighthouse now and then fails to record a trace (NO_NAVSTART) and says to run it again: up to 3 tries.
    for try in 1 2 3; do
      if npx --yes lighthouse@12.2.3 "$BASE/$page" --quiet \
        --chrome-path="${CHROMIUM_PATH:-/usr/bin/chromium}" \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
        --only-categories=performance,accessibility --output=json --output-path="$OUT/$name-$run.json"; then
        break
      fi
      if [ "$try" = 3 ]; then exit 1; fi
      echo "lighthouse failed on $name run $run (try $try); running it again" >&2
    done
  done
  node -e '
    const [out, name, runs] = process.argv.slice(1);
    const reports = Array.from({ length: Number(runs) }, (_, i) => require(`${out}/${name}-${i + 1}.json`));
    for (const r of reports) {
      const a = r.audits;
      console.log(`${name}: performance ${r.categories.performance.score}, accessibility ${r.categories.accessibility.score}` +
        ` (FCP ${a["first-contentful-paint"].displayValue}, LCP ${a["largest-contentful-paint"].displayValue},` +
        ` TBT ${a["total-blocking-time"].displayValue}, CLS ${a["cumulative-layout-shift"].displayValue})`);
    }
    const median = (xs) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    console.log(`${name}: median of ${runs}: performance ${median(reports.map((r) => r.categories.performance.score))}, ` +
      `accessibility ${median(reports.map((r) => r.categories.accessibility.score))}`);
  ' "$PWD/$OUT" "$name" "$RUNS"
done
