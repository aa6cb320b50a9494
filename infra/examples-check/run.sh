#!/usr/bin/env bash
# Runs every example of examples/ against the local run, so that none rots: the producers in Python
# (boto3), TypeScript (AWS SDK v3) and Java (SDK v2), the forward of an Anthropic SDK response's usage,
# and the gateway's decision client. Installs their pinned dependencies (infra/versions.env), starts
# the local run (--no-demo) on its own port, runs each example, then infra/examples-check/check.py
# checks what became of every event sent and what the gateway decided. Expects the functions packaged.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source infra/versions.env
cache="${XDG_CACHE_HOME:-$HOME/.cache}/usage-metering"

command -v node >/dev/null || { echo "node is not on PATH: the TypeScript example needs Node.js $NODE_MAJOR or newer" >&2; exit 1; }
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge "$NODE_MAJOR" ] || { echo "Node.js $node_major is older than the $NODE_MAJOR the examples are pinned to" >&2; exit 1; }

echo "[examples] pinned dependencies"
venv="$cache/examples-python-boto3-$BOTO3_VERSION-anthropic-$ANTHROPIC_VERSION"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --disable-pip-version-check -q -r examples/python/requirements.txt
fi
python3 infra/examples-check/check.py pins
(cd examples/typescript && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
./mvnw -B -q -ntp -f examples/java/pom.xml compile

port="${METERING_EXAMPLES_PORT:-8798}"
work="$(mktemp -d)"
source infra/local/background.sh
start_local_run "$work" --port "$port" --state-file "$work/state.json"

# A value of the run's state file, by its dotted path (tokens.gateway).
state() { python3 -c 'import functools, json, sys; print(functools.reduce(lambda v, k: v[k], sys.argv[2].split("."), json.load(open(sys.argv[1]))))' "$work/state.json" "$1"; }
# What a producer's environment holds at AWS (the queue URL from the stack's outputs); here AWS_ENDPOINT_URL points the SDKs at the local engine.
AWS_ENDPOINT_URL="$(state endpoint)"; AWS_REGION="$(state region)"
# AWS_REGION for the JavaScript and Java SDKs, AWS_DEFAULT_REGION for boto3.
export AWS_ENDPOINT_URL AWS_REGION AWS_DEFAULT_REGION="$AWS_REGION" AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local
export METERING_USAGE_QUEUE_URL="$(state queueUrl)" METERING_API_URL="http://127.0.0.1:$port"
export METERING_GATEWAY_TOKEN="$(state tokens.gateway)" METERING_STATE_FILE="$work/state.json"
python3 infra/examples-check/check.py claim

sent="$work/sent.txt"
# Each producer prints the eventId it sent; a failing one stops the check here.
echo "[examples] python: send_event.py"
id="$("$venv/bin/python" examples/python/send_event.py acct_42 agent-sdk claude-sonnet-4-5 1200 340)"
echo "python sonnet $id" >> "$sent"
echo "[examples] python: forward_anthropic_usage.py"
id="$("$venv/bin/python" examples/python/forward_anthropic_usage.py examples/python/recorded-message.json acct_42 agent-sdk)"
echo "anthropic - $id" >> "$sent"
echo "[examples] typescript: send-event.ts"
id="$(node examples/typescript/dist/send-event.js acct_42 claude-code-github-actions claude-haiku-4-5 1200 340)"
echo "typescript haiku $id" >> "$sent"
echo "[examples] java: SendEvent"
id="$(java -cp "examples/java/target/classes:examples/java/target/lib/*" com.example.metering.SendEvent acct_42 agent-sdk claude-opus-4-7 1200 340)"
echo "java opus $id" >> "$sent"
python3 infra/examples-check/check.py events "$sent"

echo "[examples] python: gateway.py"
"$venv/bin/python" examples/python/gateway.py acct_42 agent-sdk > "$work/gateway.json"
METERING_API_URL="http://127.0.0.1:9" "$venv/bin/python" examples/python/gateway.py acct_42 agent-sdk > "$work/gateway-down.json"
python3 infra/examples-check/check.py gateway "$work/gateway.json" "$work/gateway-down.json"
# The README's "send your first event": one event sent twice (APPLIED, then DUPLICATE), and a sample --fresh.
echo "[examples] run.sh --send"
first="$work/first-event.json"
python3 - "$first" <<'PY'
import datetime, json, sys
event = json.load(open("events/usage-direct.json"))
event["eventId"] = "evt_first_send"
event["occurredAt"] = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
json.dump(event, open(sys.argv[1], "w"))
PY
expect_send() {
  local want="$1"; shift
  bash infra/local/run.sh --state-file "$work/state.json" --send "$@" | tee "$work/send.txt"
  grep -qE "^  [^ ]+: $want" "$work/send.txt" || { echo "run.sh --send $*: expected $want" >&2; exit 1; }
}
expect_send APPLIED "$first"
expect_send DUPLICATE "$first"
expect_send APPLIED events/usage-direct.json --fresh
echo "[examples] every example ran against the local run and did what it says"
