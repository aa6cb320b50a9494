# Sourced by the CI checks that need the local run (api-check, examples-check): starts it in the
# background with the given options, stops it (and any other it started) when the calling script
# exits, and returns once it says it is ready; a run that stops or is not ready in 180 s fails the
# check with its log.
#   start_local_run WORK_DIR [run.sh options...]   (its log: WORK_DIR/local.log)
start_local_run() {
  local work="$1"
  shift
  bash "$(dirname "${BASH_SOURCE[0]}")/run.sh" --no-build --no-demo "$@" > "$work/local.log" 2>&1 &
  local_run_pid=$!
  local_run_pids="${local_run_pids:-} $local_run_pid"
  trap 'for p in $local_run_pids; do kill "$p" 2>/dev/null || true; done; for p in $local_run_pids; do wait "$p" 2>/dev/null || true; done' EXIT
  for _ in $(seq 1 180); do
    grep -q "ready: the pool API" "$work/local.log" 2>/dev/null && return 0
    kill -0 "$local_run_pid" 2>/dev/null || { cat "$work/local.log"; echo "the local run stopped before it was ready" >&2; exit 1; }
    sleep 1
  done
  cat "$work/local.log"
  echo "the local run was not ready in 180 s" >&2
  exit 1
}
