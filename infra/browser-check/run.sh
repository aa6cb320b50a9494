#!/usr/bin/env bash
# The usage page in a real browser: starts the local run (with its demo), then drives headless
# Chromium (Debian's chromium and chromium-driver, which .ci/run installs) through the page with
# Selenium. The screenshot lands in infra/browser-check/target/dashboard.png.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
for tool in /usr/bin/chromium /usr/bin/chromedriver; do
  [ -x "$tool" ] || { echo "$tool is missing: install Debian's chromium and chromium-driver" >&2; exit 1; }
done
port="${METERING_BROWSER_PORT:-8797}"
work="$(mktemp -d)"
log="$work/local-run.log"
bash "$root/infra/local/run.sh" --no-build --port "$port" --tokens-file "$work/tokens.json" --state-file "$work/state.json" >"$log" 2>&1 &
run=$!
trap 'kill "$run" 2>/dev/null || true; wait "$run" 2>/dev/null || true' EXIT
echo "[browser-check] waiting for the local run (its demo takes about a minute; log: $log)"
for _ in $(seq 1 600); do
  grep -q "the pool API is listening" "$log" 2>/dev/null && break
  kill -0 "$run" 2>/dev/null || { cat "$log"; echo "[browser-check] the local run stopped" >&2; exit 1; }
  sleep 1
done
grep -q "the pool API is listening" "$log" || { tail -50 "$log"; echo "[browser-check] the local run did not get ready" >&2; exit 1; }
"$root/mvnw" -B -ntp -f "$root/infra/browser-check/pom.xml" test \
  -Dmetering.url="http://127.0.0.1:$port" -Dmetering.tokens="$work/tokens.json"
echo "[browser-check] screenshot: infra/browser-check/target/dashboard.png"
