"""Cold start: JVM start to first handled event, for each packaged function and a hello-world.

Each function runs as Lambda's Java runtime runs it (AWS's runtime interface client polling a local
Runtime API, the same harness as infra/local/run.sh), with a fresh JVM each round. The clock starts
when the JVM is spawned and stops when the function's answer to its first event arrives. The
baselines are benchmarks/hello-lambda, the smallest Quarkus Lambda, and benchmarks/hello-dynamodb, the
smallest one that reads a DynamoDB item with the functions' client setup; both packaged, started and
timed the same way, in the same rounds. Rounds interleave the four so that machine noise falls on all alike.

Run by benchmarks/run.sh; expects the functions, hello-lambda and the runtime client to be built.
With METERING_COLDSTART_BASELINE naming another checkout whose functions are packaged (say, the commit
before a change), its functions run in the same rounds as "{name}@baseline", and each function is
compared with its own baseline: the way to show that a change costs no start-up time.
"""
import json
import os
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
    # The sample's instant is a fixed date; the reset refuses one later than now, so the run fires "now".
    reset = json.loads((EVENTS / "scheduled-reset.json").read_text())
    reset["time"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    return {
        "hello-lambda": {"hello": "world"},
        "hello-dynamodb": {"hello": "world"},
        "record-usage": json.loads((EVENTS / "usage-sqs-batch.json").read_text()),
        "pool-api": pools,
        "monthly-reset": reset,
        "notify": json.loads((EVENTS / "stream-cycle-debit.json").read_text()),
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
    local.Bus(endpoint)
    tokens = local.Tokens()
    env = {"pool-api": {"MP_JWT_VERIFY_PUBLICKEY": tokens.public_key, "MP_JWT_VERIFY_ISSUER": local.ISSUER,
                        "MP_JWT_VERIFY_AUDIENCES": local.AUDIENCE, "METERING_CURSOR_SECRET": "Y29sZC1zdGFydC1iZW5jaG1hcmstc2VjcmV0"},
           "notify": {"METERING_EVENT_BUS": local.BUS, "METERING_EVENTBRIDGE_ENDPOINT_OVERRIDE": endpoint}}
    targets = {name: ROOT / "benchmarks" / name / "target" for name in ("hello-lambda", "hello-dynamodb")}
    for name in local.FUNCTIONS:
        targets[name] = ROOT / "functions" / name / "target"
    events = first_events(tokens)
    baseline = os.environ.get("METERING_COLDSTART_BASELINE")
    if baseline:
        for name in local.FUNCTIONS:
            targets[f"{name}@baseline"] = Path(baseline) / "functions" / name / "target"
            events[f"{name}@baseline"] = events[name]
            env[f"{name}@baseline"] = env.get(name, {})
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
    worst = max(statistics.median(v) for n, v in times.items() if not n.startswith("hello-") and "@" not in n)
    floor = statistics.median(times["hello-dynamodb"])
    print(f"slowest function: {worst / base:.2f}x the hello-world (target: at most 1.3x), "
          f"{worst / floor:.2f}x the hello-world that reads one DynamoDB item")
    warm(endpoint, env, ric, logs, tokens)
    if baseline:
        print(f"\nagainst {baseline} in the same rounds (this checkout / baseline, median; min and max show the noise):")
        for name in local.FUNCTIONS:
            now, before = times[name], times[f"{name}@baseline"]
            print(f"{name:<16} {statistics.median(now) * 1000:>7.0f} ms / {statistics.median(before) * 1000:>7.0f} ms"
                  f" = {statistics.median(now) / statistics.median(before):.2f}x"
                  f"   (min {min(now) * 1000:.0f} / {min(before) * 1000:.0f} ms)")


def warm(endpoint, env, ric, logs, tokens, requests=500):
    """What a gateway waits for once the function is warm: the authorization decision beside GET /pools,
    alternated on one account with usage, through the packaged pool-api (the harness's own overhead,
    the same for both, included)."""
    runtimes = {name: local.RuntimeApi(name) for name in ("pool-api", "record-usage")}
    for name, runtime in runtimes.items():
        local.start_function(name, endpoint, runtime, env.get(name, {}), ric, logs)
    api = runtimes["pool-api"]
    admin, owner = tokens.mint("bench-admin", groups=["metering-admin"]), tokens.mint("acct_42")
    local.call(api, "PUT", "/v1/accounts/acct_42", admin, {"plan": "max-5x", "anchor": "2026-11-17T08:00:00Z", "timeZone": "UTC"})
    local.call(api, "POST", "/v1/accounts/acct_42/credit-claim", owner)
    runtimes["record-usage"].invoke(json.loads((EVENTS / "usage-sqs-batch.json").read_text()))
    routes = {"GET /authorization": ("/v1/accounts/acct_42/authorization", "source=agent-sdk"),
              "GET /pools": ("/v1/accounts/acct_42/pools", "")}
    times = {name: [] for name in routes}
    for i in range(requests + 50):
        for name, (path, query) in routes.items():
            event = local.function_url_event("GET", path, query, {"Authorization": f"Bearer {owner}"}, None)
            started = time.perf_counter()
            answer = api.invoke(event)
            if answer.get("statusCode") != 200:
                raise RuntimeError(f"{name} answered {answer.get('statusCode')}: {answer.get('body')}")
            if i >= 50:  # the first 50 warm the JIT
                times[name].append(time.perf_counter() - started)
    for runtime in runtimes.values():
        runtime.process.terminate()
    print(f"\n== 4b. pool-api warm, {requests} requests each after 50 to warm up, alternated (one account with usage)")
    print(f"{'route':<20} {'median ms':>10} {'p99 ms':>8} {'x /pools':>9}")
    pools = statistics.median(times["GET /pools"])
    for name, values in times.items():
        values.sort()
        p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
        print(f"{name:<20} {statistics.median(values) * 1000:>10.2f} {p99 * 1000:>8.2f} {statistics.median(values) / pools:>9.2f}")
    print("reads per answer: the authorization reads the account and the cycle item; /pools also queries the cycle's usage cells")


if __name__ == "__main__":
    main()
