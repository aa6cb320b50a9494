#!/usr/bin/env bash
# The one-command local run: the DynamoDB engine, the table, the four functions as Lambda runs
# them, a demo, and the pool API on localhost. Needs a JDK 17+ and Python 3; Ctrl-C stops it all.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
command -v java >/dev/null 2>&1 || { echo "java is not on PATH: install a JDK 17 or newer." >&2; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "python3 is not on PATH: install Python 3 (with venv)." >&2; exit 1; }
source "$root/infra/versions.env"
bash "$root/infra/local/install-engine.sh" >/dev/null
venv="${METERING_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/usage-metering}/moto-$MOTO_VERSION"
exec "$venv/bin/python" "$root/infra/local/run.py" --venv-python "$venv/bin/python" "$@"
