"""Runs the whole metering system on this machine, as Lambda would run it.

Starts the DynamoDB engine (moto behind the one-lock wrapper by default; LocalStack or Floci in Docker, or
the endpoint in QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE, by --engine or METERING_TEST_ENGINE), creates the table from infra/table.json
(with its stream), an EventBridge bus with a rule that copies every notification to a queue, starts the four packaged
functions under AWS's Lambda runtime interface client against a local Runtime API, feeds the table's stream to
notify and the usage queue to record-usage as Lambda's pollers do. An invocation that runs past its function's
timeout (infra/template.yaml's) is answered with an error, and, as Lambda does, the function is started again,
its threads first printed to its log. Then it walks through a demo: create an account whose cycle ends a minute later, claim
the credit, record the sample usage (a usage object as the API returns it among it), set a budget on CI's source and
see the gateway's decision deny the pipeline once it is spent, hold an event of a model no book
prices, put a price for that model and replay the held event, show the pools, wait for the cycle to end, run the monthly reset as of now, show
the pools again and the notifications that reached the bus. Afterwards the pool API stays on http://127.0.0.1:PORT
with a printed demo token.
Ctrl-C stops everything it started.

Once ready it writes how to reach it (port, engine endpoint, usage queue, tokens) to a state file, which
`run.sh --send FILE` reads from another terminal to send usage events to the queue as a producer would, and which the
examples' check reads too.

Started by infra/local/run.sh (which prepares the Python environment); options: --port, --no-build, --engine, --no-demo,
--tokens-file, --send, --fresh, --state-file.
"""
import argparse
import base64
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import boto3
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

ROOT = Path(__file__).resolve().parents[2]


def read_versions():
    """infra/versions.env: every version pinned outside Maven."""
    versions = {}
    for line in (ROOT / "infra/versions.env").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            versions[key.strip()] = value.strip()
    return versions


VERSIONS = read_versions()
FUNCTIONS = ("record-usage", "pool-api", "monthly-reset", "notify")
ISSUER = "https://metering.local"
AUDIENCE = "metering-api"
TABLE = "metering-local"
BUS = "metering-local"
DEMO_CYCLE_LEFT_SECONDS = 60
LOCAL_SETTLING_SECONDS = 3
DEMO_GRACE_SECONDS = 5
# How long an event may wait for its function to take it (behind others, or a restart after a timeout).
QUEUED_AT_MOST_SECONDS = 900
REGION = "us-east-1"

children = []
STATE_FILES = []


def forget_state():
    """Removes the state file this run wrote, so that --send never aims at a run that has stopped."""
    for path in STATE_FILES:
        try:
            if json.loads(path.read_text()).get("pid") == os.getpid():
                path.unlink()
        except (OSError, ValueError):
            pass


def say(message):
    print(f"[local] {message}", flush=True)


def fail(message):
    print(f"[local] error: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


# ---------------------------------------------------------------- Lambda Runtime API, one per function

class RuntimeServer(ThreadingHTTPServer):
    """A function ended at its timeout drops its connection to the Runtime API: that is not an error to print."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class RuntimeApi:
    """The small part of Lambda's Runtime API that a function's runtime client polls."""

    def __init__(self, name, timeout):
        self.name = name
        self.timeout = timeout
        self.ready = threading.Event()
        self.process = None
        self.log = None
        self.start = None  # starts the function again after a timeout (set by start_function)
        self.pending = queue.Queue()
        self.waiting = {}
        self.taken = {}  # request id -> when the function took it
        self.lock = threading.Lock()
        self.restarting = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _reply(self, status, body=b"", headers=None):
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path.endswith("/runtime/invocation/next"):
                    api.ready.set()
                    request_id, payload = api.pending.get()
                    with api.lock:
                        api.taken[request_id] = time.time()
                    deadline = int((time.time() + api.timeout) * 1000)
                    self._reply(200, payload, {
                        "Content-Type": "application/json",
                        "Lambda-Runtime-Aws-Request-Id": request_id,
                        "Lambda-Runtime-Deadline-Ms": str(deadline),
                        "Lambda-Runtime-Invoked-Function-Arn": f"arn:aws:lambda:{REGION}:000000000000:function:{api.name}",
                        "Lambda-Runtime-Trace-Id": "Root=1-00000000-000000000000000000000000",
                    })
                else:
                    self._reply(404)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = self.path.strip("/").split("/")
                if "init" in parts and parts[-1] == "error":
                    say(f"{api.name} failed to start: {body.decode(errors='replace')}")
                    self._reply(202)
                    return
                if len(parts) >= 5 and parts[2] == "invocation":
                    request_id, outcome = parts[3], parts[4]
                    with api.lock:
                        slot = api.waiting.pop(request_id, None)
                        api.taken.pop(request_id, None)
                    if slot:
                        slot.put((outcome == "response", body))
                    self._reply(202)
                    return
                self._reply(404)

        self.server = RuntimeServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def address(self):
        return f"127.0.0.1:{self.server.server_address[1]}"

    def invoke(self, event):
        """The function's answer to one event; as Lambda does, one that runs past the function's timeout
        (infra/template.yaml's) ends its execution environment: the function is started again."""
        limit = self.timeout
        request_id = str(uuid.uuid4())
        slot = queue.Queue()
        with self.lock:
            self.waiting[request_id] = slot
        self.pending.put((request_id, json.dumps(event).encode()))
        queued_until = time.time() + QUEUED_AT_MOST_SECONDS
        while True:
            try:
                ok, body = slot.get(timeout=1)
                break
            except queue.Empty:
                process = self.process
                if process is not None and process.poll() is not None and not self.restarting.locked():
                    raise RuntimeError(f"{self.name} exited (code {process.returncode}); see {self.log}")
                with self.lock:
                    taken = self.taken.get(request_id)
                if taken is not None and time.time() - taken > limit:
                    self._time_out(request_id, limit)
                if taken is None and time.time() > queued_until:
                    with self.lock:
                        self.waiting.pop(request_id, None)
                    raise RuntimeError(f"{self.name} did not take the event within {QUEUED_AT_MOST_SECONDS}s; see {self.log}")
        payload = json.loads(body) if body else None
        if not ok:
            raise RuntimeError(f"{self.name} failed: {payload}")
        return payload

    def _time_out(self, request_id, limit):
        with self.restarting:
            with self.lock:
                self.waiting.pop(request_id, None)
                self.taken.pop(request_id, None)
            process = self.process
            say(f"{self.name} did not answer within its timeout of {limit}s: its threads are dumped to {self.log}; "
                "starting it again, as Lambda does after a timeout")
            # Ended on purpose: the watch over the run's processes is not to take it for a crash.
            children.remove(process)
            if process.poll() is None:
                # The JVM prints its threads to its log on SIGQUIT: what the invocation was waiting for.
                process.send_signal(signal.SIGQUIT)
                time.sleep(1)
                process.kill()
                process.wait()
            self.ready.clear()
            self.start()
        raise RuntimeError(f"{self.name} timed out after {limit}s; see {self.log}")


# ---------------------------------------------------------------- tokens

class Tokens:
    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        der = self.key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        self.public_key = base64.b64encode(der).decode()

    def mint(self, subject, groups=(), hours=12):
        def b64(data):
            return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": subject, "iat": now, "exp": now + hours * 3600}
        if groups:
            claims["groups"] = list(groups)
        signing_input = b64(json.dumps({"alg": "RS256", "typ": "JWT"}).encode()) + "." + b64(json.dumps(claims).encode())
        signature = self.key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return signing_input + "." + b64(signature)


# ---------------------------------------------------------------- HTTP front of pool-api (function URL)

def function_url_event(method, raw_path, query, headers, body, base64_encoded=False):
    return {
        "version": "2.0", "routeKey": "$default", "rawPath": raw_path, "rawQueryString": query,
        "headers": {k.lower(): v for k, v in headers.items()},
        "requestContext": {"http": {"method": method, "path": raw_path, "protocol": "HTTP/1.1",
                                    "sourceIp": "127.0.0.1", "userAgent": headers.get("User-Agent", "")},
                           "requestId": str(uuid.uuid4()), "routeKey": "$default", "stage": "$default",
                           "timeEpoch": int(time.time() * 1000)},
        "body": body, "isBase64Encoded": base64_encoded,
    }


def serve_function_url(pool_api, port):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            say("pool-api " + fmt % args)

        def _forward(self):
            # As a function URL does: a body that is not UTF-8 text goes base64-encoded, with isBase64Encoded.
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else None
            body, encoded = None, False
            if raw is not None:
                try:
                    body = raw.decode("utf-8")
                except UnicodeDecodeError:
                    body, encoded = base64.b64encode(raw).decode(), True
            url = urlsplit(self.path)
            try:
                answer = pool_api.invoke(function_url_event(self.command, url.path, url.query, dict(self.headers), body, encoded))
            except RuntimeError as e:
                answer = {"statusCode": 502, "headers": {"content-type": "text/plain"}, "body": str(e)}
            payload = (answer.get("body") or "")
            payload = base64.b64decode(payload) if answer.get("isBase64Encoded") else payload.encode()
            self.send_response(answer.get("statusCode", 200))
            for k, v in (answer.get("headers") or {}).items():
                if k.lower() not in ("content-length", "transfer-encoding", "connection"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        def __getattr__(self, name):
            # Every method goes to the function, as a function URL sends it: the API answers what it does not take.
            if name.startswith("do_"):
                return self._forward
            raise AttributeError(name)

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def call(pool_api, method, path, token, body=None):
    url = urlsplit(path)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Accept": "application/json"}
    answer = pool_api.invoke(function_url_event(method, url.path, url.query, headers, json.dumps(body) if body is not None else None))
    status, text = answer.get("statusCode"), answer.get("body") or ""
    if status >= 400:
        fail(f"{method} {path} answered {status}: {text}")
    return json.loads(text) if text else None


# ---------------------------------------------------------------- engine and functions

ENGINES = ("moto", "localstack", "floci", "external")
# The same images the test suite starts (functions/test-support ContainerEngine); overridable the same way.
IMAGES = {"localstack": os.environ.get("METERING_LOCALSTACK_IMAGE") or VERSIONS["LOCALSTACK_IMAGE"],
          "floci": os.environ.get("METERING_FLOCI_IMAGE") or VERSIONS["FLOCI_IMAGE"]}


def engine_choice(requested):
    """The engine named by --engine or METERING_TEST_ENGINE, with the test suite's rules and sentences."""
    endpoint = os.environ.get("QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE")
    if not requested:
        return "external" if endpoint else "moto"
    choice = requested.strip().lower()
    if choice not in ENGINES:
        fail(f"METERING_TEST_ENGINE={requested} names no engine; use one of {', '.join(ENGINES)}.")
    if choice == "external" and not endpoint:
        fail("METERING_TEST_ENGINE=external needs the endpoint in QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE (for example http://localhost:4566).")
    if choice in IMAGES:
        require_docker(choice)
    return choice


def start_engine(choice, venv_python):
    if choice == "external":
        endpoint = os.environ["QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE"]
        say(f"using the DynamoDB endpoint from QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE: {endpoint}")
        return endpoint
    if choice in IMAGES:
        return start_container(choice)
    work = Path(tempfile.mkdtemp(prefix="metering-local-"))
    port_file = work / "port"
    log = open(work / "moto.log", "w")
    proc = subprocess.Popen([venv_python, str(ROOT / "infra/local/moto_one_lock.py"), "--port", "0", "--port-file", str(port_file)],
                            stdout=log, stderr=subprocess.STDOUT)
    children.append(proc)
    for _ in range(600):
        if port_file.exists():
            endpoint = f"http://127.0.0.1:{port_file.read_text().strip()}"
            say(f"DynamoDB engine: moto (one-lock) at {endpoint}, log {work / 'moto.log'}")
            return endpoint
        if proc.poll() is not None:
            fail(f"the DynamoDB engine exited at start; see {work / 'moto.log'}")
        time.sleep(0.1)
    fail("the DynamoDB engine did not start within 60 s")


def require_docker(choice):
    docker_answers = shutil.which("docker") is not None and subprocess.run(
        ["docker", "info"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    if not docker_answers:
        fail(f"METERING_TEST_ENGINE={choice} needs a running Docker engine and none answered; start Docker, "
             "or leave METERING_TEST_ENGINE unset to run on moto, which needs no Docker.")


def start_container(choice):
    name = f"metering-local-{choice}-{uuid.uuid4().hex[:8]}"
    env = ["-e", "SERVICES=dynamodb,dynamodbstreams,events,sqs", "-e", "LOCALSTACK_AUTH_TOKEN"] if choice == "localstack" else ["-e", "FLOCI_STORAGE_MODE=memory"]
    log_path = Path(tempfile.mkdtemp(prefix="metering-local-")) / f"{choice}.log"
    # Attached, so that stopping this child stops the container (signals are proxied) and --rm removes it.
    proc = subprocess.Popen(["docker", "run", "--rm", "--name", name, "-p", "127.0.0.1::4566", *env, IMAGES[choice]],
                            stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
    children.append(proc)
    for _ in range(1800):
        if proc.poll() is not None:
            fail(f"the {choice} container exited at start; see {log_path}")
        port = subprocess.run(["docker", "port", name, "4566/tcp"], capture_output=True, text=True).stdout.strip()
        if port:
            endpoint = "http://127.0.0.1:" + port.splitlines()[0].rsplit(":", 1)[1]
            if answers(endpoint):
                say(f"DynamoDB engine: {choice} ({IMAGES[choice]}) at {endpoint}, log {log_path}")
                return endpoint
        time.sleep(0.1)
    fail(f"the {choice} container did not answer within 3 minutes; see {log_path}")


def answers(endpoint):
    try:
        boto3.client("dynamodb", endpoint_url=endpoint, region_name=REGION, aws_access_key_id="local",
                     aws_secret_access_key="local").list_tables(Limit=1)
        return True
    except Exception:  # not up yet: connection refused, or the emulator still starting its services
        return False


def create_table(endpoint):
    definition = json.loads((ROOT / "infra/table.json").read_text())
    client = boto3.client("dynamodb", endpoint_url=endpoint, region_name=REGION,
                          aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "local"),
                          aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "local"))
    if TABLE in client.list_tables()["TableNames"]:
        say(f"table {TABLE} exists; keeping it")
        return
    def cap(items):
        return [{k[0].upper() + k[1:]: v for k, v in item.items()} for item in items]
    client.create_table(
        TableName=TABLE, BillingMode=definition["billingMode"],
        KeySchema=cap(definition["keySchema"]), AttributeDefinitions=cap(definition["attributeDefinitions"]),
        GlobalSecondaryIndexes=[{"IndexName": i["indexName"], "KeySchema": cap(i["keySchema"]),
                                 "Projection": {"ProjectionType": i["projectionType"]}} for i in definition["globalSecondaryIndexes"]],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": definition["streamViewType"]})
    client.get_waiter("table_exists").wait(TableName=TABLE)
    client.update_time_to_live(TableName=TABLE, TimeToLiveSpecification={"Enabled": True, "AttributeName": definition["ttlAttribute"]})
    say(f"table {TABLE} created from infra/table.json")


# ---------------------------------------------------------------- notifications: the bus, and the stream fed to notify

def aws(service, endpoint):
    return boto3.client(service, endpoint_url=endpoint, region_name=REGION,
                        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "local"),
                        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "local"))


class Bus:
    """The bus notify puts on, and a rule that copies every notification to a queue, from which the demo reads them."""

    def __init__(self, endpoint):
        self.events, self.sqs = aws("events", endpoint), aws("sqs", endpoint)
        if BUS not in [b["Name"] for b in self.events.list_event_buses()["EventBuses"]]:
            self.events.create_event_bus(Name=BUS)
        self.queue = self.sqs.create_queue(QueueName=f"{BUS}-notifications")["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=self.queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.events.put_rule(Name="all-notifications", EventBusName=BUS, EventPattern=json.dumps({"source": ["metering"]}))
        self.events.put_targets(Rule="all-notifications", EventBusName=BUS, Targets=[{"Id": "queue", "Arn": arn}])
        say(f"event bus {BUS}: every notification is copied to {self.queue}")

    def drain(self):
        """The notifications that reached the bus since last asked, oldest first."""
        got = []
        while True:
            messages = self.sqs.receive_message(QueueUrl=self.queue, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
            if not messages:
                return sorted(got, key=lambda e: e["time"])
            for m in messages:
                got.append(json.loads(m["Body"]))
                self.sqs.delete_message(QueueUrl=self.queue, ReceiptHandle=m["ReceiptHandle"])


class StreamPoller:
    """Lambda's poller for notify: reads the table's stream in order, hands it over in batches, and on a
    partial batch failure delivers again from the record named (after three attempts it reports the
    record and goes on, as the dead-letter destination would)."""

    BATCH = 100
    ATTEMPTS = 3

    def __init__(self, endpoint, notify):
        self.streams, self.notify = aws("dynamodbstreams", endpoint), notify
        self.arn = aws("dynamodb", endpoint).describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
        self.idle = threading.Event()
        self.delivered = 0
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        iterators = {}
        while True:
            for shard in self.streams.describe_stream(StreamArn=self.arn)["StreamDescription"]["Shards"]:
                if shard["ShardId"] not in iterators:
                    iterators[shard["ShardId"]] = self.streams.get_shard_iterator(
                        StreamArn=self.arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            busy = False
            for shard, iterator in list(iterators.items()):
                page = self.streams.get_records(ShardIterator=iterator, Limit=self.BATCH)
                iterators[shard] = page.get("NextShardIterator") or iterator
                if page["Records"]:
                    busy = True
                    self._deliver([self._lambda_record(r) for r in page["Records"]])
            if busy:
                self.idle.clear()
            else:
                self.idle.set()
                time.sleep(0.3)

    def _deliver(self, records):
        attempts = 0
        while records:
            try:
                failures = (self.notify.invoke({"Records": records}) or {}).get("batchItemFailures", [])
            except RuntimeError as e:
                say(f"notify failed on a batch: {e}")
                failures = [{"itemIdentifier": records[0]["dynamodb"]["SequenceNumber"]}]
            if not failures:
                self.delivered += len(records)
                return
            failed = failures[0]["itemIdentifier"]
            at = next((i for i, r in enumerate(records) if r["dynamodb"]["SequenceNumber"] == failed), 0)
            self.delivered += at
            records, attempts = records[at:], attempts + 1
            if attempts == self.ATTEMPTS:
                say(f"notify could not tell of stream record {failed} after {attempts} attempts; set aside as the dead-letter destination would")
                records, attempts = records[1:], 0

    def _lambda_record(self, record):
        """A record as Lambda hands it over: seconds since the epoch, binary values in base64."""
        change = dict(record["dynamodb"])
        created = change.get("ApproximateCreationDateTime")
        if isinstance(created, datetime):
            change["ApproximateCreationDateTime"] = created.timestamp()
        for image in ("Keys", "NewImage", "OldImage"):
            if image in change:
                change[image] = _json_safe(change[image])
        return {**{k: v for k, v in record.items() if k != "dynamodb"}, "eventSourceARN": self.arn, "dynamodb": change}

    def caught_up(self, timeout=30):
        """Waits until the poller has read to the end of the stream and delivered it."""
        time.sleep(0.5)
        return self.idle.wait(timeout)


def _json_safe(value):
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if isinstance(value, set):
        return [_json_safe(v) for v in sorted(value)]
    return value


class UsageQueue:
    """The usage queue producers send to, with its dead-letter queue, and Lambda's SQS poller in front of
    record-usage: batches of up to ten; what the function reports as failed comes back after the visibility
    timeout, and after five receives goes to the dead-letter queue, as the template's queue does."""

    BATCH = 10
    VISIBILITY_SECONDS = 10
    MAX_RECEIVES = 5

    def __init__(self, endpoint, record_usage):
        self.sqs, self.record_usage = aws("sqs", endpoint), record_usage
        self.dead_letters = self.sqs.create_queue(QueueName=f"{TABLE}-usage-dlq")["QueueUrl"]
        dead_arn = self._arn(self.dead_letters)
        self.url = self.sqs.create_queue(QueueName=f"{TABLE}-usage", Attributes={
            "VisibilityTimeout": str(self.VISIBILITY_SECONDS),
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dead_arn, "maxReceiveCount": str(self.MAX_RECEIVES)})})["QueueUrl"]
        self.arn = self._arn(self.url)
        threading.Thread(target=self._run, daemon=True).start()
        say(f"usage queue {self.url}: batches go to record-usage, as Lambda's poller sends them")

    def _arn(self, url):
        return self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    def _run(self):
        while True:
            try:
                # No long poll: the engine serves one request at a time, and a held poll would hold every table call behind it.
                messages = self.sqs.receive_message(QueueUrl=self.url, MaxNumberOfMessages=self.BATCH, WaitTimeSeconds=0,
                                                    AttributeNames=["All"]).get("Messages", [])
            except Exception as e:  # the engine going away at the end of the run, or a moment's refusal: try again
                say(f"usage queue: could not receive ({type(e).__name__}: {e}); trying again")
                time.sleep(1)
                continue
            if not messages:
                time.sleep(0.3)
                continue
            records = [{"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
                        "attributes": m.get("Attributes", {}), "messageAttributes": {}, "md5OfBody": m.get("MD5OfBody", ""),
                        "eventSource": "aws:sqs", "eventSourceARN": self.arn, "awsRegion": REGION} for m in messages]
            try:
                answer = self.record_usage.invoke({"Records": records}) or {}
                failed = {f["itemIdentifier"] for f in answer.get("batchItemFailures", [])}
            except RuntimeError as e:
                say(f"usage queue: record-usage failed on a batch of {len(records)} ({e}); they come back in {self.VISIBILITY_SECONDS} s")
                continue
            done = [m for m in messages if m["MessageId"] not in failed]
            if done:
                self.sqs.delete_message_batch(QueueUrl=self.url, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                                                                            for i, m in enumerate(done)])
            say(f"usage queue: record-usage took a batch of {len(records)}"
                + (f"; {len(failed)} reported failed come back in {self.VISIBILITY_SECONDS} s" if failed else ""))


# ---------------------------------------------------------------- the running local run, and sending it events

def default_state_file():
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "usage-metering" / "local-run.json"


def running(state_file):
    """The state of a local run that is up (its process alive, its API answering), or None."""
    try:
        state = json.loads(Path(state_file).read_text())
        os.kill(state["pid"], 0)
    except (OSError, ValueError, KeyError):
        return None
    try:
        http("GET", state, "/dashboard", None)
    except OSError:
        return None
    return state


def http(method, state, path, token, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{state['port']}{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            text = answer.read().decode()
            return answer.status, (json.loads(text) if text and answer.headers.get_content_type().endswith("json") else text)
    except urllib.error.HTTPError as e:
        text = e.read().decode()
        return e.code, (json.loads(text) if text.startswith("{") else text)


def events_in(path):
    """The usage events a file holds, each as the text a producer would send: one event, {"events": [...]},
    a JSON array of events, or an SQS event (its bodies, as they are)."""
    text = Path(path).read_text()
    try:
        document = json.loads(text)
    except ValueError as e:
        fail(f"{path} is not JSON: {e}")
    if isinstance(document, dict) and isinstance(document.get("Records"), list):
        return [r["body"] for r in document["Records"] if isinstance(r, dict) and isinstance(r.get("body"), str)]
    if isinstance(document, dict) and isinstance(document.get("events"), list):
        return [json.dumps(e) for e in document["events"]]
    if isinstance(document, list):
        return [json.dumps(e) for e in document]
    return [text.strip()]


def freshened(text, now):
    """The same event as a new one: a new eventId (the old one with a suffix) and occurredAt now."""
    event = json.loads(text)
    if not isinstance(event, dict):
        return text
    suffix = "-" + uuid.uuid4().hex[:8]
    event["eventId"] = str(event.get("eventId", "evt"))[:128 - len(suffix)] + suffix
    event["occurredAt"] = now.isoformat().replace("+00:00", "Z")
    return json.dumps(event)


def send(state, files, fresh):
    """Sends the files' events to the local run's usage queue, as a producer would, waits for record-usage to take
    them, and tells what became of each and how each account's pools moved."""
    if not state.get("queueUrl"):
        fail("this local run has no usage queue (its engine serves no SQS)")
    sqs, admin = aws("sqs", state["endpoint"]), state["tokens"]["admin"]
    sent_at = datetime.now(timezone.utc)
    now = sent_at.replace(microsecond=0)
    texts = [t for f in files for t in events_in(f)]
    if fresh:
        texts = [freshened(t, now) for t in texts]
    events = []
    for t in texts:
        try:
            parsed = json.loads(t)
        except ValueError:
            parsed = None
        events.append(parsed if isinstance(parsed, dict) else {})
    accounts = sorted({e["accountId"] for e in events if isinstance(e.get("accountId"), str)})
    before = {a: http("GET", state, f"/v1/accounts/{a}/pools", admin) for a in accounts}
    for i in range(0, len(texts), 10):
        sqs.send_message_batch(QueueUrl=state["queueUrl"], Entries=[{"Id": str(j), "MessageBody": t} for j, t in enumerate(texts[i:i + 10])])
    say(f"sent {len(texts)} event(s) to {state['queueUrl']}{' (each with a new eventId and occurredAt now)' if fresh else ''}")
    deadline = time.time() + 120
    while time.time() < deadline:
        attributes = sqs.get_queue_attributes(QueueUrl=state["queueUrl"], AttributeNames=[
            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
        if int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"]) == 0:
            break
        time.sleep(0.5)
    else:
        say("the queue still holds messages after two minutes: record-usage sends some back; see its log")
    # Held events are listed by when first seen; one seen again counts on its entry, whose lastSeen moves.
    week_ago = (now - timedelta(days=7)).isoformat().replace("+00:00", "Z")
    status, held = http("GET", state, f"/v1/quarantine?since={week_ago}&limit=100", admin)
    quarantined = {q.get("eventId"): q["reason"] for q in (held.get("events", []) if status == 200 else [])
                   if instant(q["lastSeen"]) >= sent_at - timedelta(seconds=1)}
    print(f"\n== what became of each event", flush=True)
    for event in events:
        event_id, account = event.get("eventId"), event.get("accountId")
        print(f"  {event_id or '(no eventId)'}: {outcome(state, admin, event, sent_at, quarantined)}", flush=True)
    for a in accounts:
        after = http("GET", state, f"/v1/accounts/{a}/pools", admin)
        print(f"\n== pools of {a}", flush=True)
        if after[0] != 200:
            print(f"  {after[0]}: {after[1].get('detail') if isinstance(after[1], dict) else after[1]}", flush=True)
            continue
        was = before[a][1] if before[a][0] == 200 else None
        figures = {"programmatic": [("credit used", lambda p: p["usedUsd"]), ("remaining", lambda p: p["remainingUsd"]),
                                    ("extra usage", lambda p: p["extraUsage"]["accruedUsd"]), ("overrun", lambda p: p["overrunUsd"])],
                   "interactive": [("used", lambda p: p["usedUsd"]), ("remaining", lambda p: p["remainingUsd"])]}
        for pool, shown in figures.items():
            moved = ", ".join(f"{name} {read(was[pool]) if was else '-'} -> {read(after[1][pool])}" for name, read in shown)
            print(f"  {pool:<12} {moved} USD; {after[1][pool]['state']}", flush=True)


def instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# Pages of the event's cycle's debits read at most, looking for its entry.
MAX_LEDGER_PAGES = 50


def outcome(state, admin, event, sent_at, quarantined):
    event_id, account, occurred = event.get("eventId"), event.get("accountId"), event.get("occurredAt")
    if event_id in quarantined:
        return f"QUARANTINED: {quarantined[event_id]}"
    if not event_id or not account:
        return "QUARANTINED (see GET /v1/quarantine)" if None in quarantined else "not recorded; see record-usage's log"
    # The debit is in the ledger of the cycle the event occurred in, which may have closed since.
    query = "kind=DEBIT&limit=100" + (f"&cycle={urllib.parse.quote(occurred)}" if isinstance(occurred, str) else "")
    cursor = None
    for _ in range(MAX_LEDGER_PAGES):
        status, ledger = http("GET", state, f"/v1/accounts/{account}/ledger?{query}"
                              + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else ""), admin)
        if status != 200:
            return f"not recorded ({status}: {ledger.get('detail') if isinstance(ledger, dict) else ledger})"
        for entry in ledger["entries"]:
            if entry["eventId"] == event_id:
                paid = f"cost {entry['costUsd']} USD: credit {entry['creditUsd']}, extra usage {entry['extraUsageUsd']}, overrun {entry['overrunUsd']}"
                if instant(entry["at"]) >= sent_at - timedelta(milliseconds=500):
                    return f"APPLIED ({entry['pool']}, {paid}{', late' if entry['late'] else ''})"
                return f"DUPLICATE: counted once already, at {entry['at']} (one id, one body); --fresh sends it as a new event"
        cursor = ledger.get("nextCursor")
        if not cursor:
            break
    return "not recorded yet; see record-usage's log"


def start_bus(endpoint):
    """The bus, or None when the engine serves no EventBridge (then notify is not run)."""
    try:
        return Bus(endpoint)
    except Exception as e:  # an engine without EventBridge, SQS or streams: the rest runs without notifications
        say(f"this engine serves no EventBridge or SQS ({type(e).__name__}); notify is not run and nothing is told of")
        return None


def show_notifications(bus, poller):
    if bus is None:
        return
    poller.caught_up()
    told = bus.drain()
    print(f"\n== notifications that reached the bus {BUS} ({len(told)})", flush=True)
    for event in told:
        d = event["detail"]
        facts = {k: v for k, v in d.items() if k not in ("notificationId", "accountId", "organizationId", "cycle", "occurredAt")}
        print(f"  {event['detail-type']:<30} {d['notificationId']}  {d.get('accountId') or '-'}  {json.dumps(facts)}", flush=True)


def function_timeouts():
    """Each function's timeout in seconds, as infra/template.yaml sets it (RecordUsageFunction is record-usage's)."""
    timeouts, function = {}, None
    for line in (ROOT / "infra" / "template.yaml").read_text().splitlines():
        resource = re.match(r"^  ([A-Za-z]+)Function:$", line)
        if resource:
            function = re.sub(r"(?<!^)([A-Z])", r"-\1", resource.group(1)).lower()
        elif re.match(r"^  \S", line):
            function = None
        timeout = re.match(r"^      Timeout: (\d+)$", line)
        if function and timeout:
            timeouts[function] = int(timeout.group(1))
    missing = [f for f in FUNCTIONS if f not in timeouts]
    if missing:
        fail(f"infra/template.yaml gives no Timeout for {', '.join(missing)}")
    return timeouts


def start_function(name, endpoint, runtime, extra_env, ric_jars, logs, target=None):
    target = target or ROOT / "functions" / name / "target"
    runner = next(target.glob("*-runner.jar"))
    classpath = ":".join([str(j) for j in sorted(ric_jars.glob("*.jar"))] + [str(runner), str(target / "lib") + "/*"])
    env = dict(os.environ)
    env.update({
        "AWS_LAMBDA_RUNTIME_API": runtime.address,
        "AWS_LAMBDA_FUNCTION_NAME": name,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024",
        "AWS_REGION": REGION,
        "AWS_ACCESS_KEY_ID": os.environ.get("AWS_ACCESS_KEY_ID", "local"),
        "AWS_SECRET_ACCESS_KEY": os.environ.get("AWS_SECRET_ACCESS_KEY", "local"),
        "QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE": endpoint,
        "QUARKUS_DYNAMODB_AWS_CREDENTIALS_TYPE": "static",
        "QUARKUS_DYNAMODB_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID": os.environ.get("AWS_ACCESS_KEY_ID", "local"),
        "QUARKUS_DYNAMODB_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY": os.environ.get("AWS_SECRET_ACCESS_KEY", "local"),
        "METERING_TABLE": TABLE,
        "QUARKUS_LOG_CONSOLE_JSON_ENABLED": "false",
    })
    env.update(extra_env)
    log_path = logs / f"{name}.log"
    tmp = logs / f"{name}-tmp"
    tmp.mkdir(exist_ok=True)

    def start():
        proc = subprocess.Popen(["java", f"-Djava.io.tmpdir={tmp}", "-cp", classpath,
                                 "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                                 "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"],
                                env=env, stdout=open(log_path, "a"), stderr=subprocess.STDOUT, cwd=str(target))
        children.append(proc)
        runtime.process, runtime.log = proc, log_path
        # One at a time: the runtime client unpacks a native library at start, and concurrent starts
        # have been seen to crash one another.
        for _ in range(1200):
            if runtime.ready.wait(timeout=0.1):
                return proc
            if proc.poll() is not None:
                fail(f"{name} exited at start (code {proc.returncode}); see {log_path}")
        fail(f"{name} did not start polling the Runtime API within 120 s; see {log_path}")

    runtime.start = start
    return start()


def build(no_build):
    missing = [f for f in FUNCTIONS if not any((ROOT / "functions" / f / "target").glob("*-runner.jar"))]
    if no_build and not missing:
        say("using the functions already packaged (--no-build)")
    else:
        say("packaging the four functions (./mvnw package -DskipTests; the first time takes a few minutes)")
        result = subprocess.run([str(ROOT / "mvnw"), "-B", "-q", "-ntp", "-DskipTests", "package"], cwd=str(ROOT))
        if result.returncode != 0:
            fail("the build failed; see the Maven output above")
    ric = ROOT / "infra/local/ric/target/jars"
    if not any(ric.glob("aws-lambda-java-runtime-interface-client-*.jar")):
        say("fetching the Lambda runtime interface client")
        result = subprocess.run([str(ROOT / "mvnw"), "-B", "-q", "-ntp", "-f", str(ROOT / "infra/local/ric/pom.xml"),
                                 "dependency:copy-dependencies", f"-Dric.version={VERSIONS['LAMBDA_RUNTIME_CLIENT_VERSION']}",
                                 f"-DoutputDirectory={ric}"], cwd=str(ROOT))
        if result.returncode != 0:
            fail("could not fetch com.amazonaws:aws-lambda-java-runtime-interface-client")
    return ric


def show(title, value):
    print(f"\n== {title}\n{json.dumps(value, indent=2)}", flush=True)


def main():
    parser = argparse.ArgumentParser(description="Run the metering system locally.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("METERING_LOCAL_PORT", "8787")),
                        help="where the pool API listens (default 8787)")
    parser.add_argument("--no-build", action="store_true", help="reuse packaged functions if present")
    parser.add_argument("--engine", default=os.environ.get("METERING_TEST_ENGINE"),
                        help="moto (default), localstack, floci (both need Docker) or external "
                             "(QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE); default from METERING_TEST_ENGINE")
    parser.add_argument("--venv-python", default=sys.executable)
    parser.add_argument("--no-demo", action="store_true",
                        help="skip the walk-through: create the sample accounts and serve the API at once")
    parser.add_argument("--tokens-file", help="write the owner's, another account's and an admin's tokens there (JSON)")
    parser.add_argument("--send", nargs="+", metavar="FILE",
                        help="send the usage events of FILE (one event, {\"events\": [...]}, an array, or an SQS event) to the usage "
                             "queue: to the local run already up, or to this one once it is ready")
    parser.add_argument("--fresh", action="store_true", help="with --send: give each event a new eventId and occurredAt now")
    parser.add_argument("--state-file", default=str(default_state_file()),
                        help="where a local run writes how to reach it (its port, engine, queue and tokens), and --send reads it")
    args = parser.parse_args()
    if args.fresh and not args.send:
        fail("--fresh goes with --send")
    if args.send:
        up = running(args.state_file)
        if up:
            send(up, args.send, args.fresh)
            return
        say(f"no local run is up ({args.state_file}): starting one, and sending once it is ready")
    if shutil.which("java") is None:
        fail("java is not on PATH: install a JDK 17 or newer")
    engine = engine_choice(args.engine)

    ric = build(args.no_build)
    endpoint = start_engine(engine, args.venv_python)
    create_table(endpoint)
    bus = start_bus(endpoint)
    functions = FUNCTIONS if bus else tuple(f for f in FUNCTIONS if f != "notify")

    tokens = Tokens()
    logs = Path(tempfile.mkdtemp(prefix="metering-functions-"))
    timeouts = function_timeouts()
    runtimes = {name: RuntimeApi(name, timeouts[name]) for name in functions}
    env = {
        # The demo's cycle ends a minute after it starts; a few seconds of grace let the reset close it right after.
        "monthly-reset": {"METERING_RESET_GRACE": f"PT{DEMO_GRACE_SECONDS}S"},
        "notify": {"METERING_EVENT_BUS": BUS, "METERING_EVENTBRIDGE_ENDPOINT_OVERRIDE": endpoint},
        # Invoice lines are listed up to now less the settling margin: at AWS more than a reset invocation can last;
        # here the reset is invoked by this script and answers in seconds.
        "pool-api": {"MP_JWT_VERIFY_PUBLICKEY": tokens.public_key, "MP_JWT_VERIFY_ISSUER": ISSUER,
                     "MP_JWT_VERIFY_AUDIENCES": AUDIENCE, "METERING_CURSOR_SECRET": base64.b64encode(os.urandom(24)).decode(),
                     "METERING_INVOICE_SETTLING": f"PT{LOCAL_SETTLING_SECONDS}S"},
    }
    started = time.time()
    for name in functions:
        start_function(name, endpoint, runtimes[name], env.get(name, {}), ric, logs)
    say(f"functions started under the Lambda runtime interface client; logs in {logs}")
    poller = StreamPoller(endpoint, runtimes["notify"]) if bus else None
    if poller:
        say("the table's stream is fed to notify, as Lambda's poller would")
    usage_queue = UsageQueue(endpoint, runtimes["record-usage"]) if bus else None

    admin = tokens.mint("local-admin", groups=["metering-admin"])
    owner = tokens.mint("acct_42")
    pool_api = runtimes["pool-api"]
    minted = {"owner": owner, "other": tokens.mint("acct_other"), "admin": admin,
              "gateway": tokens.mint("gateway-1", groups=["metering-gateway"]),
              # an organization's admin with no account of their own
              "orgAdmin": tokens.mint("ops@org_7", groups=["org-admin:org_7"])}
    if args.tokens_file:
        Path(args.tokens_file).write_text(json.dumps(minted))

    def ready():
        """Serves the API, tells how to reach this run (for --send and the examples), and sends what --send named."""
        serve_function_url(pool_api, args.port)
        state = {"pid": os.getpid(), "port": args.port, "endpoint": endpoint, "region": REGION, "table": TABLE,
                 "queueUrl": usage_queue.url if usage_queue else None,
                 "deadLetterQueueUrl": usage_queue.dead_letters if usage_queue else None, "logs": str(logs), "tokens": minted}
        Path(args.state_file).parent.mkdir(parents=True, exist_ok=True)
        Path(args.state_file).write_text(json.dumps(state, indent=2))
        STATE_FILES.append(Path(args.state_file))
        if args.send:
            send(state, args.send, args.fresh)
    if args.no_demo:
        for account, plan in (("acct_42", "max-5x"), ("acct_other", "pro")):
            call(pool_api, "PUT", f"/v1/accounts/{account}", admin,
                 {"plan": plan, "organizationId": "org_7", "anchor": "2026-11-17T08:00:00Z", "timeZone": "UTC"})
        ready()
        say(f"ready: the pool API is listening on http://127.0.0.1:{args.port} (accounts acct_42 and acct_other); "
            f"how to reach this run: {args.state_file}")
        while all(p.poll() is None for p in children):
            time.sleep(1)
        fail("a process stopped unexpectedly; see the logs in " + str(logs))
    now = datetime.now(timezone.utc).replace(microsecond=0)
    # The anchor a minute ahead: the current cycle is the month before it, and it ends in a minute.
    cycle_end = now + timedelta(seconds=DEMO_CYCLE_LEFT_SECONDS)
    anchor = cycle_end.isoformat().replace("+00:00", "Z")

    account = call(pool_api, "PUT", "/v1/accounts/acct_42", admin,
                   {"plan": "max-5x", "organizationId": "org_7", "anchor": anchor, "timeZone": "UTC"})
    say(f"first answer after {time.time() - started:.1f} s of function start-up")
    show("account created (admin)", account)
    call(pool_api, "POST", "/v1/accounts/acct_42/credit-claim", owner)
    call(pool_api, "PUT", "/v1/accounts/acct_42/extra-usage", owner, {"enabled": True, "capUsd": "50.00"})

    sqs = json.loads((ROOT / "events/usage-sqs-batch.json").read_text())
    show("record-usage, events/usage-sqs-batch.json (SQS partial batch response)", runtimes["record-usage"].invoke(sqs))
    direct = json.loads((ROOT / "events/usage-direct.json").read_text())
    show("record-usage, events/usage-direct.json", runtimes["record-usage"].invoke(direct))
    # A long agent run: 60 M input tokens of haiku, $60 of the $100 credit, past the 50 % threshold.
    run = {**direct, "eventId": "evt_demo_agent_run", "source": "agent-sdk", "model": "claude-haiku-4-5",
           "occurredAt": now.isoformat().replace("+00:00", "Z"),
           "usage": {"input_tokens": 60_000_000, "output_tokens": 0}}
    show("record-usage, a long agent run ($60 of haiku input)", runtimes["record-usage"].invoke(run))
    # A budget on the CI pipeline's source for the day: the nightly run spends past it, and the gateway's decision stops it.
    show("PUT /v1/accounts/acct_42/budgets/ci-daily (owner): at most $1 a day from CI, paused past it",
         call(pool_api, "PUT", "/v1/accounts/acct_42/budgets/ci-daily", owner,
              {"match": {"source": "claude-code-github-actions"}, "limitUsd": "1.00", "window": "day", "action": "pause"}))
    call(pool_api, "PUT", "/v1/accounts/acct_42/budgets/search-hourly", owner,
         {"match": {"tag": "team", "value": "search"}, "limitUsd": "5.00", "window": "hour", "action": "notify"})
    nightly = {**run, "eventId": "evt_demo_ci_nightly", "source": "claude-code-github-actions",
               "tags": {"pipeline": "nightly", "team": "search"}, "usage": {"input_tokens": 1_200_000, "output_tokens": 0}}
    show("record-usage, the nightly CI run ($1.20 of haiku, tagged pipeline=nightly, team=search)", runtimes["record-usage"].invoke(nightly))
    show("GET /v1/accounts/acct_42/authorization?source=claude-code-github-actions&tag.pipeline=nightly (gateway): denied by the budget",
         call(pool_api, "GET", "/v1/accounts/acct_42/authorization?source=claude-code-github-actions&tag.pipeline=nightly",
              tokens.mint("gateway-1", groups=["metering-gateway"])))
    show("GET /v1/accounts/acct_42/budgets (owner)", call(pool_api, "GET", "/v1/accounts/acct_42/budgets", owner))

    api_shaped = json.loads((ROOT / "events/usage-api-response.json").read_text())
    show("record-usage, events/usage-api-response.json (usage objects as the API returns them: a dated id, "
         "web searches, batch, US-only inference)", runtimes["record-usage"].invoke(api_shaped))

    # A model no book prices yet: its event is held, a price is put for it, and the held event is replayed.
    new_model = {**run, "eventId": "evt_demo_new_model", "model": "claude-example-1",
                 "usage": {"input_tokens": 100_000, "output_tokens": 20_000, "service_tier": "standard"}}
    show("record-usage, an event of a model the book does not price yet", runtimes["record-usage"].invoke(new_model))
    day_ago = (now - timedelta(days=1)).isoformat().replace("+00:00", "Z")
    show("PUT /v1/prices/claude-example-1 (admin): a model with no price takes one from any instant",
         call(pool_api, "PUT", "/v1/prices/claude-example-1", admin,
              {"effectiveFrom": day_ago, "inputUsd": "3", "outputUsd": "15", "cacheWrite5mUsd": "3.75", "cacheWrite1hUsd": "6",
               "cacheReadUsd": "0.30", "ids": ["claude-example-1-20261201"]}))
    show("POST /v1/quarantine/replay (admin): the held event goes through the recorder again",
         call(pool_api, "POST", "/v1/quarantine/replay", admin,
              {"since": day_ago, "reasonStartsWith": "model: unknown model 'claude-example-1'"}))

    pools = call(pool_api, "GET", "/v1/accounts/acct_42/pools", owner)
    show("pools", pools)
    show_notifications(bus, poller)

    end = datetime.fromisoformat(pools["cycle"]["end"].replace("Z", "+00:00"))
    closable = end + timedelta(seconds=DEMO_GRACE_SECONDS + 2)
    wait = (closable - datetime.now(timezone.utc)).total_seconds()
    if wait > 0:
        say(f"waiting {wait:.0f} s for the demo cycle to end ({end.isoformat()}) and its grace to pass")
        time.sleep(wait)
    as_of = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    show(f"monthly-reset as of now ({as_of})", runtimes["monthly-reset"].invoke({"asOf": as_of, "dryRun": False}))
    # Usage goes on in the new cycle: $12 of agent runs, which the usage page's burn-down and forecast show.
    later = {**run, "eventId": "evt_demo_next_cycle", "occurredAt": as_of, "tags": {"team": "search", "pipeline": "agents"},
             "usage": {"input_tokens": 12_000_000, "output_tokens": 0}}
    runtimes["record-usage"].invoke(later)
    show("pools of the closed cycle", call(pool_api, "GET", f"/v1/accounts/acct_42/pools?at={pools['cycle']['start']}", owner))
    show("pools of the next cycle", call(pool_api, "GET", f"/v1/accounts/acct_42/pools?at={as_of}", owner))
    show_notifications(bus, poller)
    time.sleep(LOCAL_SETTLING_SECONDS + 1)
    closed_to = (datetime.now(timezone.utc) + timedelta(seconds=1)).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    show("invoice lines of the cycles closed since the demo cycle ended (admin)",
         call(pool_api, "GET", f"/v1/invoice-lines?closedFrom={pools['cycle']['end']}&closedTo={closed_to}", admin))

    ready()
    print(f"""
== the pool API is listening on http://127.0.0.1:{args.port} (a function URL, payload v2, in front of pool-api)
owner token (acct_42):  export TOKEN={owner}
admin token:            export ADMIN={admin}

  curl -s -H "Authorization: Bearer $TOKEN" http://127.0.0.1:{args.port}/v1/accounts/acct_42/pools
  curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:{args.port}/v1/accounts/acct_42/ledger?limit=5"
  curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:{args.port}/v1/accounts/acct_42/usage?groupBy=model,source"
  curl -s -H "Authorization: Bearer $ADMIN" http://127.0.0.1:{args.port}/v1/quarantine
  curl -s -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:{args.port}/v1/prices?at=2026-12-08T00:00:00Z"
  curl -s -H "Authorization: Bearer $TOKEN" http://127.0.0.1:{args.port}/v1/accounts/acct_42/budgets
  curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:{args.port}/v1/accounts/acct_42/usage?groupBy=tag:team"

the usage page, signed in as acct_42 (the token travels in the fragment, never to a server log):
  http://127.0.0.1:{args.port}/dashboard#token={owner}

send usage events of your own to this run's queue, from another terminal (--fresh: as new events, stamped now):
  bash infra/local/run.sh --send events/usage-direct.json

Ctrl-C stops the functions and the engine.""", flush=True)
    while all(p.poll() is None for p in children):
        time.sleep(1)
    fail("a process stopped unexpectedly; see the logs in " + str(logs))


def stop(*_):
    forget_state()
    for proc in reversed(children):
        if proc.poll() is None:
            proc.terminate()
    for proc in children:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    print("\n[local] stopped", flush=True)
    os._exit(0)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        main()
    finally:
        forget_state()
        for p in children:
            if p.poll() is None:
                p.terminate()
