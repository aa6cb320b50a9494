"""Cold start: JVM start to first handled event, for each packaged function and a hello-world.

Each function runs as Lambda's Java runtime runs it (AWS's runtime interface client polling a local
Runtime API, the same harness as infra/local/run.sh), with a fresh JVM each round. The clock starts
when the JVM is spawned and stops when the function's answer to its first event arrives. The
baselines are benchmarks/hello-lambda, the smallest Quarkus Lambda, and benchmarks/hello-dynamodb, the
smallest one that reads a DynamoDB item with the functions' client setup; both packaged, started and
timed the same way, in the same rounds. Rounds interleave the four so that machine noise falls on all alike.

Run by benchmarks/run.sh; expects the functions, hello-lambda and the runtime client to be built.
"""
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "infra" / "local"))
import run as local  # noqa: E402  (the local run's Runtime API, engine and token helpers)

ROOT = local.ROOT
EVENTS = ROOT / "events"


def first_events(tokens):
    token = tokens.mint("acct_42")
    pools = local.function_url_event("GET", "/v1/accounts/acct_42/pools", "", {"Authorization": f"Bearer {token}"}, None)
    return {
        "hello-lambda": {"hello": "world"},
        "hello-dynamodb": {"hello": "world"},
        "record-usage": json.loads((EVENTS / "usage-sqs-batch.json").read_text()),
        "pool-api": pools,
        "monthly-reset": json.loads((EVENTS / "scheduled-reset.json").read_text()),
    }


def one_start(name, target, event, endpoint, env, ric, logs):
    runtime = local.RuntimeApi(name)
    started = time.perf_counter()
    proc = local.start_function(name, endpoint, runtime, env, ric, logs, target=target)
    try:
        runtime.invoke(event)  # raises if the function failed or did not answer
        return time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        local.children.remove(proc)
        runtime.server.shutdown()


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    ric = ROOT / "infra/local/ric/target/jars"
    endpoint = local.start_engine(local.engine_choice(None), sys.executable)
    local.create_table(endpoint)
    tokens = local.Tokens()
    env = {"pool-api": {"MP_JWT_VERIFY_PUBLICKEY": tokens.public_key, "MP_JWT_VERIFY_ISSUER": local.ISSUER,
                        "MP_JWT_VERIFY_AUDIENCES": local.AUDIENCE, "METERING_CURSOR_SECRET": "Y29sZC1zdGFydC1iZW5jaG1hcmstc2VjcmV0"}}
    targets = {name: ROOT / "benchmarks" / name / "target" for name in ("hello-lambda", "hello-dynamodb")}
    for name in local.FUNCTIONS:
        targets[name] = ROOT / "functions" / name / "target"
    events = first_events(tokens)
    logs = Path(tempfile.mkdtemp(prefix="metering-coldstart-"))
    times = {name: [] for name in targets}
    try:
        for r in range(rounds):
            for name, target in targets.items():
                times[name].append(one_start(name, target, events[name], endpoint, env.get(name, {}), ric, logs))
            print(f"[coldstart] round {r + 1}/{rounds} done", flush=True)
    finally:
        for proc in local.children:
            proc.terminate()
    base = statistics.median(times["hello-lambda"])
    print(f"\n== 4. JVM start to first handled event, {rounds} fresh JVMs each, as Lambda's Java runtime starts them (logs: {logs})")
    print(f"{'function':<16} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'x hello':>8}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<16} {median * 1000:>10.0f} {min(values) * 1000:>8.0f} {max(values) * 1000:>8.0f} {median / base:>8.2f}")
    worst = max(statistics.median(v) for n, v in times.items() if not n.startswith("hello-"))
    floor = statistics.median(times["hello-dynamodb"])
    print(f"slowest function: {worst / base:.2f}x the hello-world (target: at most 1.3x), "
          f"{worst / floor:.2f}x the hello-world that reads one DynamoDB item")


if __name__ == "__main__":
    main()
