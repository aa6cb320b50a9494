"""Cold start: JVM start to first handled event, for each packaged function and a hello-world.

Each function runs as Lambda's Java runtime runs it (AWS's runtime interface client polling a local
Runtime API, the same harness as infra/local/run.sh), with a fresh JVM each round. The clock starts
when the JVM is spawned and stops when the function's answer to its first event arrives. The
baselines are benchmarks/hello-lambda, the smallest Quarkus Lambda; benchmarks/hello-dynamodb, the
floor, the smallest one that reads a DynamoDB item with the functions' client setup;
benchmarks/hello-http, the function URL stack alone (one route on its router) reading one item; and
benchmarks/hello-api, pool-api's stack (function URL, REST, the JWT check) with one route reading one
item; all packaged, started and timed the same way, in the same rounds. Rounds interleave them all so
that machine noise falls on all alike.

Run by benchmarks/run.sh; expects the functions, the baselines and the runtime client to be built.
With METERING_COLDSTART_BASELINE naming another checkout whose functions are packaged (say, the commit
before a change), its functions run in the same rounds as "{name}@baseline", and each function is
compared with its own baseline: the way to show that a change costs no start-up time.
"""
import json
import math
import os
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

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
        "hello-http": local.function_url_event("GET", "/hello", "", {}, None),
        "hello-api": local.function_url_event("GET", "/hello", "", {"Authorization": f"Bearer {token}"}, None),
        "record-usage": json.loads((EVENTS / "usage-sqs-batch.json").read_text()),
        "pool-api": pools,
        "monthly-reset": reset,
        "notify": json.loads((EVENTS / "stream-cycle-debit.json").read_text()),
    }


# The baselines, each packaged under benchmarks/: Quarkus alone, the floor (one SDK read), the function URL
# stack alone, pool-api's stack.
BASELINES = ("hello-lambda", "hello-dynamodb", "hello-http", "hello-api")

# A function's invocation timeout is the template's; a baseline, which does one read, has this one.
TIMEOUTS = local.function_timeouts()
BASELINE_TIMEOUT_SECONDS = 60

ACCOUNT = {"plan": "max-5x", "anchor": "2026-11-17T08:00:00Z", "timeZone": "UTC"}


def seed(endpoint, env, ric, logs, tokens):
    """acct_42 given a plan and its credit claimed, through the API as an operator and the subscriber would:
    the account the first events concern (without it, pool-api's first answer would be a 404 and
    record-usage's a quarantine, both shorter paths than the ones timed here)."""
    runtime = runtime_api("pool-api")
    proc = local.start_function("pool-api", endpoint, runtime, env["pool-api"], ric, logs)
    try:
        local.call(runtime, "PUT", "/v1/accounts/acct_42", tokens.mint("bench-admin", groups=["metering-admin"]), ACCOUNT)
        local.call(runtime, "POST", "/v1/accounts/acct_42/credit-claim", tokens.mint("acct_42"))
    finally:
        stop(proc, runtime)


def runtime_api(name):
    """The local Runtime API for one start of a function ("{name}@baseline": of the checkout it is
    compared with) or of a baseline."""
    return local.RuntimeApi(name, TIMEOUTS.get(name.split("@")[0], BASELINE_TIMEOUT_SECONDS))


def stop(proc, runtime):
    """Stops a function started here and its Runtime API."""
    proc.terminate()
    proc.wait(timeout=30)
    local.children.remove(proc)
    runtime.server.shutdown()


def fresh(name, event, start):
    """record-usage's sample with ids of this start's own and instants of now, so that every start records
    (a delivered id again would take the duplicate's shorter path; an old instant, a closed cycle's)."""
    if name.split("@")[0] != "record-usage":
        return event
    event = json.loads(json.dumps(event))
    for record in event["Records"]:
        body = json.loads(record["body"])
        body["eventId"] = f"{body['eventId']}-{name}-{start}"
        body["occurredAt"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 60))
        record["body"] = json.dumps(body)
        record["messageId"] = f"{record['messageId']}-{name}-{start}"
    return event


QUARKUS_STARTED = re.compile(r"started in ([0-9.]+)s")
WARMED_UP = re.compile(r"warmed up in ([0-9]+) ms")


@dataclass
class Start:
    """One start: seconds from spawning the JVM to the first answer, the part Quarkus reports as its own start,
    how long the function's warm-up thread ran beside it, and the processor time spent until the answer
    (None where not known)."""
    total: float
    quarkus: Optional[float]
    warm_up: Optional[float]
    cpu: Optional[tuple]


def one_start(name, target, event, endpoint, env, ric, logs):
    runtime = runtime_api(name)
    started = time.perf_counter()
    proc = local.start_function(name, endpoint, runtime, env, ric, logs, target=target)
    try:
        answer = runtime.invoke(event)  # raises if the function failed or did not answer
        total = time.perf_counter() - started
        if isinstance(answer, dict) and (answer.get("statusCode", 200) != 200 or answer.get("batchItemFailures")):
            raise RuntimeError(f"{name}'s first answer is not a success, so its start is not timed: {answer}")
        cpu = cpu_use(proc.pid)
        log = runtime.log.read_text(errors="replace")
        found, warmed = QUARKUS_STARTED.search(log), WARMED_UP.search(log)
        return Start(total, float(found.group(1)) if found else None, int(warmed.group(1)) / 1000 if warmed else None, cpu)
    finally:
        stop(proc, runtime)


def cpu_use(pid):
    """Processor seconds the JVM has used so far, from Linux's /proc: the whole process (its ended threads
    included), its main thread (the launcher's thread named "java" that is not the process's first), and
    its JIT compiler threads. None where /proc is not there."""
    tick = os.sysconf("SC_CLK_TCK")

    def seconds(stat):  # utime and stime, the 14th and 15th fields; the name in parentheses may hold spaces
        fields = stat[stat.rindex(")") + 2:].split()
        return (int(fields[11]) + int(fields[12])) / tick

    try:
        process = seconds(Path(f"/proc/{pid}/stat").read_text())
        main_thread = compilers = 0.0
        for task in Path(f"/proc/{pid}/task").iterdir():
            name, used = (task / "comm").read_text().strip(), seconds((task / "stat").read_text())
            if name == "java" and task.name != str(pid):
                main_thread = max(main_thread, used)
            elif "CompilerThre" in name:
                compilers += used
        return process, main_thread, compilers
    except (OSError, ValueError):
        return None


def template_jvm_options():
    """The JVM options infra/template.yaml gives every function: the functions and the baselines start with them here."""
    found = re.search(r"^\s+JAVA_TOOL_OPTIONS: (.+)$", (ROOT / "infra/template.yaml").read_text(), re.MULTILINE)
    if not found:
        raise SystemExit("infra/template.yaml sets no JAVA_TOOL_OPTIONS for the functions")
    return found.group(1).strip()


# Fifteen: here the median of nine moved by up to 0.2x between runs minutes apart, twice the width of a 1.1x target.
DEFAULT_ROUNDS = 15


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("METERING_COLDSTART_ROUNDS", DEFAULT_ROUNDS))
    os.environ["JAVA_TOOL_OPTIONS"] = template_jvm_options()
    print(f"[coldstart] JVM options, the template's: {os.environ['JAVA_TOOL_OPTIONS']}", flush=True)
    ric = ROOT / "infra/local/ric/target/jars"
    endpoint = local.start_engine(local.engine_choice(None), sys.executable)
    local.create_table(endpoint)
    local.Bus(endpoint)
    tokens = local.Tokens()
    jwt = {"MP_JWT_VERIFY_PUBLICKEY": tokens.public_key, "MP_JWT_VERIFY_ISSUER": local.ISSUER, "MP_JWT_VERIFY_AUDIENCES": local.AUDIENCE}
    env = {"pool-api": {**jwt, "METERING_CURSOR_SECRET": "Y29sZC1zdGFydC1iZW5jaG1hcmstc2VjcmV0"},
           "hello-api": jwt,
           "notify": {"METERING_EVENT_BUS": local.BUS, "METERING_EVENTBRIDGE_ENDPOINT_OVERRIDE": endpoint}}
    targets = {name: ROOT / "benchmarks" / name / "target" for name in BASELINES}
    for name in local.FUNCTIONS:
        targets[name] = ROOT / "functions" / name / "target"
    events = first_events(tokens)
    baseline = os.environ.get("METERING_COLDSTART_BASELINE")
    if baseline:
        for name in local.FUNCTIONS:
            targets[f"{name}@baseline"] = Path(baseline) / "functions" / name / "target"
            events[f"{name}@baseline"] = events[name]
            env[f"{name}@baseline"] = env.get(name, {})
    only = os.environ.get("METERING_COLDSTART_ONLY")
    if only:  # a quicker look at some functions while changing them; the full table needs them all
        targets = {n: t for n, t in targets.items() if n.split("@")[0] in only.split(",") or n.startswith("hello-")}
    logs = Path(tempfile.mkdtemp(prefix="metering-coldstart-"))
    starts = {name: [] for name in targets}
    try:
        seed(endpoint, env, ric, logs, tokens)
        for r in range(rounds):
            for name, target in targets.items():
                starts[name].append(one_start(name, target, fresh(name, events[name], r), endpoint, env.get(name, {}), ric, logs))
            print(f"[coldstart] round {r + 1}/{rounds} done", flush=True)
        report(rounds, starts, logs, baseline)
        breakdown(targets, events, endpoint, env, ric, logs)
        if not only:
            warm(endpoint, env, ric, logs, tokens)
    finally:
        for proc in local.children:
            proc.terminate()


# Each function's target against the floor (hello-dynamodb): what people and gateways wait on may cost a
# little more than the plain SDK read; the event-driven ones hardly anything.
TARGETS = {"pool-api": 1.3, "record-usage": 1.1, "monthly-reset": 1.1, "notify": 1.1}


def median_of(starts, field):
    """The median of one figure over the starts that have it, or None."""
    values = [getattr(start, field) for start in starts if getattr(start, field) is not None]
    return statistics.median(values) if values else None


def median_cpu(starts, part):
    """The median of one processor figure (0: the process, 1: its main thread, 2: the JIT compilers), or None."""
    values = [start.cpu[part] for start in starts if start.cpu is not None]
    return statistics.median(values) if values else None


def ms(seconds):
    return "-" if seconds is None else f"{seconds * 1000:.0f}"


def median_interval(values, coverage=0.95):
    """A distribution-free interval for the median of values: the k-th smallest and k-th largest, with k the
    largest whose interval still holds the median with at least the coverage asked (the number of values below
    the median is binomial, n and one half). Returns (low, high, the exact coverage), or None when there are too
    few values for that coverage (fewer than six at 95%)."""
    ordered, n = sorted(values), len(values)
    below = 0.0  # P(at most k - 1 of the n values fall below the median)
    best = None
    for k in range(1, n // 2 + 1):
        below += math.comb(n, k - 1) / 2 ** n
        if 1 - 2 * below < coverage:
            break
        best = (ordered[k - 1], ordered[n - k], 1 - 2 * below)
    return best


def spread(interval):
    return "-" if interval is None else f"{interval[0]:.2f}-{interval[1]:.2f} ({interval[2]:.0%})"


def verdict(target, interval):
    """Met when the whole interval is within the target, not met when the whole interval is above it;
    otherwise the rounds cannot tell, on this machine, which side of the target the function is."""
    if interval is None:
        return "too few rounds"
    low, high, _ = interval
    if high <= target:
        return "met"
    return "NOT met" if low > target else "undecided"


def report(rounds, starts, logs, baseline):
    totals = {name: [start.total for start in runs] for name, runs in starts.items()}
    # Each start against the floor's start in the same round: pairing by round takes out the machine's slower minutes.
    ratios = {name: [mine / floor for mine, floor in zip(values, totals["hello-dynamodb"])] for name, values in totals.items()}
    print(f"\n== 4. JVM start to first handled event, {rounds} fresh JVMs each, rounds interleaved, as Lambda's Java runtime "
          f"starts them (logs: {logs})")
    print("start-up breakdown: 'quarkus' is the start Quarkus reports (its static and runtime init); 'rest' is the JVM and the")
    print("runtime client before it, and the first event after it (the first request's class loading, JSON, JWT, the first SDK call);")
    print("'warm-up' is how long the function's warm-up thread ran beside Quarkus' start (the first event's paths, in process);")
    print(f"processor time until the answer ({os.cpu_count()} processors here): 'cpu' all threads, 'main' the main thread, 'jit' the compilers;")
    print("'x floor' is the median over the rounds of each start against the floor's start in the same round, 'interval' the")
    print("range that holds that median with the coverage shown (the rounds' own spread, no assumption on its shape); the")
    print("target is met when the whole interval is within it, not met when the whole interval is above it, undecided otherwise")
    print(f"{'function':<16} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'quarkus':>8} {'rest':>6} {'warm-up':>8} "
          f"{'cpu':>6} {'main':>6} {'jit':>5} {'x floor':>8} {'interval':>18} {'target':>7}")
    for name, runs in starts.items():
        values = totals[name]
        median = statistics.median(values)
        own = median_of(runs, "quarkus")
        interval = median_interval(ratios[name])
        target = TARGETS.get(name.split("@")[0])
        judged = "" if target is None or "@" in name else f"{target:.1f}x {verdict(target, interval)}"
        print(f"{name:<16} {median * 1000:>10.0f} {min(values) * 1000:>8.0f} {max(values) * 1000:>8.0f} "
              f"{ms(own):>8} {ms(median - own if own else None):>6} {ms(median_of(runs, 'warm_up')):>8} "
              f"{ms(median_cpu(runs, 0)):>6} {ms(median_cpu(runs, 1)):>6} {ms(median_cpu(runs, 2)):>5} "
              f"{statistics.median(ratios[name]):>8.2f} {spread(interval):>18} {judged}")

    def stated(name):
        return f"{statistics.median(totals[name]) * 1000:.0f} ms, {statistics.median(ratios[name]):.2f}x"
    print(f"(the floor, hello-dynamodb: {statistics.median(totals['hello-dynamodb']) * 1000:.0f} ms; hello-lambda, Quarkus alone: {stated('hello-lambda')};")
    print(f" hello-http, the function URL stack alone with one route: {stated('hello-http')};")
    print(f" hello-api, pool-api's stack with one route and no warm-up: {stated('hello-api')})")
    if "pool-api" in totals:
        # What pool-api adds to the function URL stack it cannot do without, measured the same way.
        against = [api / url for api, url in zip(totals["pool-api"], totals["hello-http"])]
        print(f"pool-api against hello-http in the same rounds: {statistics.median(against):.2f}x, interval {spread(median_interval(against))}")
    if baseline:
        print(f"\nagainst {baseline} in the same rounds (this checkout / baseline: medians, and the median of the"
              " rounds' own ratios with its interval):")
        for name in (n for n in local.FUNCTIONS if f"{n}@baseline" in totals):
            now, before = totals[name], totals[f"{name}@baseline"]
            paired = [mine / theirs for mine, theirs in zip(now, before)]
            print(f"{name:<16} {statistics.median(now) * 1000:>7.0f} ms / {statistics.median(before) * 1000:>7.0f} ms"
                  f" = {statistics.median(paired):.2f}x, interval {spread(median_interval(paired))}")


STEP = re.compile(r"Build step (\S+) completed in: (\d+)ms")


def breakdown(targets, events, endpoint, env, ric, logs, top=6):
    """One more start of each function with Quarkus' start-up step timings on: where its start goes."""
    print(f"\n== 4a. Where each start goes: Quarkus' start-up steps (one more start each, -Dquarkus.debug.print-startup-times), "
          f"the {top} longest")
    timing = os.environ.get("JAVA_TOOL_OPTIONS", "") + " -Dquarkus.debug.print-startup-times=true"
    for name, target in targets.items():
        if "@" in name:
            continue
        one_start(name, target, fresh(name, events[name], "steps"), endpoint, {**env.get(name, {}), "JAVA_TOOL_OPTIONS": timing.strip()}, ric, logs)
        steps = [(int(ms), step) for step, ms in STEP.findall((logs / f"{name}.log").read_text(errors="replace"))]
        steps.sort(reverse=True)
        shown = ", ".join(f"{step.split('.')[-1] if len(step) > 40 else step} {ms}" for ms, step in steps[:top])
        print(f"{name:<16} steps {sum(ms for ms, _ in steps):>5} ms: {shown}")


def warm(endpoint, env, ric, logs, tokens, requests=1000, batches=200):
    """The warm path, through the packaged functions and the local runtime harness (its own overhead, the
    same for all, included): the authorization decision and GET /pools alternated on one account with
    usage, a 100-event SQS batch of record-usage, and the floor, hello-dynamodb's one read."""
    runtimes = {name: runtime_api(name) for name in ("pool-api", "record-usage", "hello-dynamodb")}
    for name, runtime in runtimes.items():
        target = ROOT / ("benchmarks" if name.startswith("hello-") else "functions") / name / "target"
        local.start_function(name, endpoint, runtime, env.get(name, {}), ric, logs, target=target)
    api = runtimes["pool-api"]
    admin, owner = tokens.mint("bench-admin", groups=["metering-admin"]), tokens.mint("acct_42")  # acct_42: seeded by main
    runtimes["record-usage"].invoke(fresh("record-usage", json.loads((EVENTS / "usage-sqs-batch.json").read_text()), "warm"))
    for k in range(10):
        local.call(api, "PUT", f"/v1/accounts/acct_w{k}", admin, {**ACCOUNT, "plan": "max-20x"})
        local.call(api, "POST", f"/v1/accounts/acct_w{k}/credit-claim", tokens.mint(f"acct_w{k}"))
    routes = {"GET /authorization": ("/v1/accounts/acct_42/authorization", "source=agent-sdk"),
              "GET /pools": ("/v1/accounts/acct_42/pools", "")}
    times = {"hello-dynamodb (floor)": [], **{name: [] for name in routes}, "SQS batch of 100 events": []}
    for i in range(requests + 50):
        timed(times, "hello-dynamodb (floor)", i >= 50, lambda: runtimes["hello-dynamodb"].invoke({"hello": "world"}))
        for name, (path, query) in routes.items():
            event = local.function_url_event("GET", path, query, {"Authorization": f"Bearer {owner}"}, None)
            answer = timed(times, name, i >= 50, lambda: api.invoke(event))
            if answer.get("statusCode") != 200:
                raise RuntimeError(f"{name} answered {answer.get('statusCode')}: {answer.get('body')}")
    for i in range(batches + 10):
        batch = usage_batch(i)
        answer = timed(times, "SQS batch of 100 events", i >= 10, lambda: runtimes["record-usage"].invoke(batch))
        if answer.get("batchItemFailures"):
            raise RuntimeError(f"the batch failed in part: {answer}")
    for runtime in runtimes.values():
        runtime.process.terminate()
    print(f"\n== 4b. Warm answers, in the function and the harness: {requests} requests of each route and of the floor after 50 to "
          f"warm up, alternated; {batches} batches of 100 events (10 accounts) after 10")
    print(f"{'':<26} {'median ms':>10} {'p99 ms':>8} {'x floor':>8}")
    floor = statistics.median(times["hello-dynamodb (floor)"])
    for name, values in times.items():
        values.sort()
        p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
        print(f"{name:<26} {statistics.median(values) * 1000:>10.2f} {p99 * 1000:>8.2f} {statistics.median(values) / floor:>8.2f}")
    print("reads per answer: the floor one item; the authorization the account and the cycle item; /pools also the cycle's usage "
          "cells; a batch one transaction per account (10)")


def timed(times, name, keep, call):
    """Calls, and keeps the time once past the warm-up."""
    started = time.perf_counter()
    answer = call()
    if keep:
        times[name].append(time.perf_counter() - started)
    return answer


def usage_batch(n):
    """An SQS event of 100 fresh events over acct_w0..acct_w9 (created below on first use), each a small haiku call."""
    records = []
    for k in range(100):
        body = {"eventId": f"warm-{n}-{k}", "accountId": f"acct_w{k % 10}", "occurredAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 60)),
                "source": "agent-sdk", "model": "claude-haiku-4-5", "usage": {"input_tokens": 1000, "output_tokens": 100}}
        records.append({"messageId": f"m-{n}-{k}", "receiptHandle": "r", "body": json.dumps(body), "attributes": {}, "messageAttributes": {},
                        "md5OfBody": "", "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:usage", "awsRegion": "us-east-1"})
    return {"Records": records}


if __name__ == "__main__":
    main()
