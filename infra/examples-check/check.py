"""The checks of infra/examples-check/run.sh: the examples' pins agree with infra/versions.env, and what each
example did on the local run is what it says it does. Standard library only."""
import json
import os
import sys
import time
import urllib.error
import urllib.request
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# USD per million tokens, input and output, from the bundled price book (functions/core/src/main/resources/metering/price-book.csv).
RATES = {"sonnet": (Decimal(3), Decimal(15)), "haiku": (Decimal(1), Decimal(5)), "opus": (Decimal(5), Decimal(25))}
# examples/python/recorded-message.json at claude-sonnet-4-5's list price: 2,095 input at $3, 503 output at $15, 2,051 5-minute
# cache writes at $3.75, 2,051 cache reads at $0.30 (per million tokens), and 2 web searches at $10 per 1,000.
ANTHROPIC_COST = Decimal("0.042136550")


def fail(message):
    print(f"[examples] FAILED: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def versions():
    pins = {}
    for line in (ROOT / "infra/versions.env").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, value = line.split("=", 1)
            pins[key] = value
    return pins


def pins():
    v = versions()
    requirements = (ROOT / "examples/python/requirements.txt").read_text()
    package = json.loads((ROOT / "examples/typescript/package.json").read_text())
    lock = json.loads((ROOT / "examples/typescript/package-lock.json").read_text())
    pom = (ROOT / "examples/java/pom.xml").read_text()
    expected = {
        "boto3 in requirements.txt": (f"boto3=={v['BOTO3_VERSION']}" in requirements.splitlines()),
        "anthropic in requirements.txt": (f"anthropic=={v['ANTHROPIC_VERSION']}" in requirements.splitlines()),
        "@aws-sdk/client-sqs in package.json": package["dependencies"].get("@aws-sdk/client-sqs") == v["AWS_SDK_JS_SQS_VERSION"],
        "typescript in package.json": package["devDependencies"].get("typescript") == v["TYPESCRIPT_VERSION"],
        "@types/node in package.json": package["devDependencies"].get("@types/node") == v["TYPES_NODE_VERSION"],
        "@aws-sdk/client-sqs in package-lock.json": lock["packages"]["node_modules/@aws-sdk/client-sqs"]["version"] == v["AWS_SDK_JS_SQS_VERSION"],
        "the AWS SDK in pom.xml": f"<aws.sdk.version>{v['AWS_SDK_JAVA_VERSION']}</aws.sdk.version>" in pom,
        "Jackson in pom.xml": f"<jackson.version>{v['JACKSON_VERSION']}</jackson.version>" in pom,
        "Node.js in package.json": package["engines"]["node"] == f">={v['NODE_MAJOR']}",
    }
    wrong = [name for name, ok in expected.items() if not ok]
    if wrong:
        fail("pins that disagree with infra/versions.env: " + ", ".join(wrong))
    print("[examples] every example's dependencies are pinned as infra/versions.env says", flush=True)


def state():
    return json.loads(Path(os.environ["METERING_STATE_FILE"]).read_text())


def call(method, path, token, body=None):
    request = urllib.request.Request(os.environ["METERING_API_URL"] + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def claim():
    status, answer = call("POST", "/v1/accounts/acct_42/credit-claim", state()["tokens"]["owner"])
    if status != 200:
        fail(f"claiming acct_42's credit answered {status}: {answer}")


def events(sent_file):
    sent = [line.split() for line in Path(sent_file).read_text().splitlines() if line.strip()]
    if len(sent) != 4 or any(len(s) != 3 for s in sent):
        fail(f"every producer prints the eventId it sent; got {sent}")
    admin = state()["tokens"]["admin"]
    deadline = time.time() + 90
    found = {}
    while time.time() < deadline and len(found) < len(sent):
        status, ledger = call("GET", "/v1/accounts/acct_42/ledger?kind=DEBIT&limit=100", admin)
        if status != 200:
            fail(f"the ledger answered {status}: {ledger}")
        found = {e["eventId"]: e for e in ledger["entries"] if e["eventId"] in {s[2] for s in sent}}
        time.sleep(0.5)
    for example, model, event_id in sent:
        entry = found.get(event_id)
        if entry is None:
            status, held = call("GET", "/v1/quarantine?limit=100&since=2000-01-01T00:00:00Z", admin)
            reasons = [q["reason"] for q in (held.get("events", []) if status == 200 else []) if q.get("eventId") == event_id]
            fail(f"{example}: event {event_id} was not applied" + (f" (quarantined: {reasons[0]})" if reasons else ""))
        if example == "anthropic":
            expected = ANTHROPIC_COST
        else:
            rate_in, rate_out = RATES[model]
            expected = (1200 * rate_in + 340 * rate_out) / Decimal(1_000_000)
        if Decimal(entry["costUsd"]) != expected:
            fail(f"{example}: {event_id} cost {entry['costUsd']} USD, not {expected}")
        if Decimal(entry["creditUsd"]) != expected:
            fail(f"{example}: {event_id} took {entry['creditUsd']} USD of credit, not all of its {expected} (the credit was claimed)")
        if example != "anthropic" and entry["tags"] != {"example": example}:
            fail(f"{example}: {event_id} carries tags {entry['tags']}, not its example tag")
        print(f"[examples] {example}: {event_id} APPLIED, {entry['costUsd']} USD from the credit", flush=True)


def gateway(up_file, down_file):
    up, down = json.loads(Path(up_file).read_text()), json.loads(Path(down_file).read_text())
    if up["first"]["decision"] != "ALLOW" or up["first"]["servedFrom"] != "api":
        fail(f"the gateway's first decision: {up['first']}")
    if up["again"]["servedFrom"] not in ("cache", "revalidated") or up["again"]["decision"] != "ALLOW":
        fail(f"the gateway asked again without its cache or its ETag: {up['again']}")
    if up["calls"]["fetched"] != 1:
        fail(f"the gateway fetched the decision more than once: {up['calls']}")
    if down["first"]["decision"] != "DENY" or down["first"]["servedFrom"] != "fail-closed":
        fail(f"with the API unreachable, the gateway did not fail closed: {down['first']}")
    print(f"[examples] gateway: ALLOW from the API, then from its {up['again']['servedFrom']}; with the API down it fails closed", flush=True)


if __name__ == "__main__":
    command = sys.argv[1]
    {"pins": lambda: pins(), "claim": lambda: claim(), "events": lambda: events(sys.argv[2]),
     "gateway": lambda: gateway(sys.argv[2], sys.argv[3])}[command]()
