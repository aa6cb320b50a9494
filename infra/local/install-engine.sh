#!/usr/bin/env bash
# Creates the cached venv with the pinned moto that the tests and the local run use as their default
# DynamoDB engine. Idempotent: does nothing when the venv is already complete.
# The same location and marker are used by functions/test-support (MotoEngine.ensureVenv).
set -euo pipefail
source "$(dirname "$0")/../versions.env"
requirement="moto[server]==$MOTO_VERSION"
cache="${METERING_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/usage-metering}"
venv="$cache/moto-$MOTO_VERSION"
python="${METERING_PYTHON:-python3}"

if [ -f "$venv/.installed" ]; then
  echo "engine venv ready: $venv"
  exit 0
fi
if ! command -v "$python" >/dev/null 2>&1; then
  echo "Python 3 is needed for the default DynamoDB engine: install python3 (with its venv module) or set METERING_PYTHON." >&2
  exit 1
fi
if ! "$python" -m venv --help >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq python3-venv
  else
    echo "Python's venv module is missing: install python3-venv (Debian/Ubuntu) and run again." >&2
    exit 1
  fi
fi
mkdir -p "$cache"
echo "creating $venv with $requirement"
"$python" -m venv --clear "$venv"
"$venv/bin/python" -m pip install --disable-pip-version-check -q "$requirement"
echo "$requirement" > "$venv/.installed"
echo "engine venv ready: $venv"
