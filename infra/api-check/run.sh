#!/usr/bin/env bash
# Fuzzes the pool API of the local run against infra/openapi.yaml with schemathesis, every check and
# the stateful phase on: a run with a fixed seed, one with fresh examples, one without the state hooks
# (only the state-bound refusals of infra/api-check/hooks.py allowed, by name), and one with another
# account's token, whose every answer must be a documented 403. Expects the functions packaged
# (./mvnw verify or package); starts two local runs itself (ports METERING_API_CHECK_PORT, default
# 8797, and the next) and stops them at the end. Fails on any finding.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source infra/versions.env
cache="${XDG_CACHE_HOME:-$HOME/.cache}/usage-metering"
st_venv="$cache/schemathesis-$SCHEMATHESIS_VERSION"
if [ ! -x "$st_venv/bin/st" ]; then
  python3 -m venv "$st_venv"
  "$st_venv/bin/python" -m pip install --disable-pip-version-check -q "schemathesis==$SCHEMATHESIS_VERSION"
fi

# A run of schemathesis mostly waits on the API (one run keeps a quarter of CI's two cores busy), so
# two local runs, each with an engine of its own, take two runs each, side by side.
port="${METERING_API_CHECK_PORT:-8797}"
work="$(mktemp -d)"
mkdir -p "$work/a" "$work/b"
source infra/local/background.sh
start_local_run "$work/a" --port "$port" --tokens-file "$work/a/tokens.json" --state-file "$work/a/state.json"
start_local_run "$work/b" --port "$((port + 1))" --tokens-file "$work/b/tokens.json" --state-file "$work/b/state.json"

token() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1/tokens.json" "$2"; }
# A finding fails the check; if the API stopped answering, the local run ended pool-api at its timeout
# and printed its threads to its log: those are shown too, to say what the request waited for.
fuzz() {
  local run="$1" api_port="$2"
  shift 2
  METERING_API_PORT="$api_port" "$st_venv/bin/st" --config-file infra/api-check/schemathesis.toml run infra/openapi.yaml \
    --checks all "$@" && return 0
  if grep "did not answer within its timeout" "$run/local.log"; then
    logs="$(sed -n 's/.*logs in \(\/[^ ;]*\)$/\1/p' "$run/local.log" | head -1)"
    awk '/^Full thread dump/,/^JNI global refs/' "$logs/pool-api.log"
  fi
  return 1
}

lane_a() {
  local run="$work/a"
  echo "== schemathesis: fixed seed"
  METERING_ADMIN_TOKEN="$(token "$run" admin)" METERING_OWNER_TOKEN="$(token "$run" owner)" \
    fuzz "$run" "$port" --seed 20261127 --max-examples 30 || return 1
  echo "== schemathesis: as generated, without the state hooks (a schema-valid request refused only for a state-bound field, by name)"
  METERING_API_CHECK_STATE_HOOKS=off METERING_ADMIN_TOKEN="$(token "$run" admin)" METERING_OWNER_TOKEN="$(token "$run" owner)" \
    fuzz "$run" "$port" --seed 20261206 --max-examples 30 --exclude-checks positive_data_acceptance
}
lane_b() {
  local run="$work/b" api_port="$((port + 1))"
  echo "== schemathesis: fresh examples"
  METERING_ADMIN_TOKEN="$(token "$run" admin)" METERING_OWNER_TOKEN="$(token "$run" owner)" \
    fuzz "$run" "$api_port" --max-examples 30 || return 1
  echo "== schemathesis: another account's token (its refusals as documented)"
  METERING_ADMIN_TOKEN="$(token "$run" other)" METERING_OWNER_TOKEN="$(token "$run" other)" \
    fuzz "$run" "$api_port" --seed 20261127 --max-examples 10 --phases examples,fuzzing
}

# Each lane's output is printed whole when both are done, so the two do not interleave.
lane_a > "$work/a/lane.log" 2>&1 &
pid_a=$!
lane_b > "$work/b/lane.log" 2>&1 &
pid_b=$!
status_a=0; wait "$pid_a" || status_a=$?
status_b=0; wait "$pid_b" || status_b=$?
cat "$work/a/lane.log" "$work/b/lane.log"
[ "$status_a" -eq 0 ] || echo "schemathesis: the fixed-seed lane failed (port $port)" >&2
[ "$status_b" -eq 0 ] || echo "schemathesis: the fresh-examples lane failed (port $((port + 1)))" >&2
[ "$status_a" -eq 0 ] && [ "$status_b" -eq 0 ]
