#!/usr/bin/env bash
# Fuzzes the pool API of the local run against infra/openapi.yaml with schemathesis, every check and
# the stateful phase on: a run with a fixed seed, one with fresh examples, one without the state hooks
# (only the state-bound refusals of infra/api-check/hooks.py allowed, by name), and one with another
# account's token, whose every answer must be a documented 403. Expects the functions packaged
# (./mvnw verify or package); starts the local run itself and stops it at the end. Fails on any finding.
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

port="${METERING_API_CHECK_PORT:-8797}"
work="$(mktemp -d)"
source infra/local/background.sh
start_local_run "$work" --port "$port" --tokens-file "$work/tokens.json" --state-file "$work/state.json"

token() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$work/tokens.json" "$1"; }
export METERING_API_PORT="$port"
# A finding fails the check; if the API stopped answering, the local run ended pool-api at its timeout
# and printed its threads to its log: those are shown too, to say what the request waited for.
fuzz() {
  "$st_venv/bin/st" --config-file infra/api-check/schemathesis.toml run infra/openapi.yaml --checks all "$@" && return 0
  if grep "did not answer within its timeout" "$work/local.log"; then
    logs="$(sed -n 's/.*logs in \(\/[^ ;]*\)$/\1/p' "$work/local.log" | head -1)"
    awk '/^Full thread dump/,/^JNI global refs/' "$logs/pool-api.log"
  fi
  return 1
}

echo "== schemathesis: fixed seed"
METERING_ADMIN_TOKEN="$(token admin)" METERING_OWNER_TOKEN="$(token owner)" fuzz --seed 20261127 --max-examples 30
echo "== schemathesis: fresh examples"
METERING_ADMIN_TOKEN="$(token admin)" METERING_OWNER_TOKEN="$(token owner)" fuzz --max-examples 30
echo "== schemathesis: as generated, without the state hooks (a schema-valid request refused only for a state-bound field, by name)"
METERING_API_CHECK_STATE_HOOKS=off METERING_ADMIN_TOKEN="$(token admin)" METERING_OWNER_TOKEN="$(token owner)" \
  fuzz --seed 20261206 --max-examples 30 --exclude-checks positive_data_acceptance
echo "== schemathesis: another account's token (its refusals as documented)"
METERING_ADMIN_TOKEN="$(token other)" METERING_OWNER_TOKEN="$(token other)" fuzz --seed 20261127 --max-examples 10 \
  --phases examples,fuzzing
