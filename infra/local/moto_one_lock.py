"""moto's DynamoDB behind a single lock: one request is served at a time.

moto's stock threaded server lets concurrent requests interleave inside its backends, so two
conditional updates of one item can both pass their condition and a cancelled transaction can
lose other clients' writes. Serialising every request makes each call atomic, which is what
DynamoDB guarantees per item and per transaction, and what the metering tests rely on.

moto's TransactWriteItems snapshots the whole table once per action before it applies anything,
so a transaction costs time in proportion to the table's size times its actions, and a cancelled
one costs as much as a committed one. Under the lock nothing else runs during a transaction, so
this wrapper (unless --stock-transactions) first evaluates every condition against the current
state, exactly as DynamoDB does, and cancels at once when one fails; a transaction whose
conditions all hold then runs moto's own code, with a snapshot of the items it touches in place of
copies of whole tables, restored if moto fails it. What is written, and what a cancellation
reports, stay moto's.

A transaction moto fails part-way has already recorded its first actions on the tables' streams;
the restore takes those records back and writes the old items without recording anything, so that a
stream shows only what committed, as DynamoDB's does.

Usage: python moto_one_lock.py [--host 127.0.0.1] [--port 0] [--port-file PATH] [--stock-transactions]
With --port 0 a free port is chosen; it is printed as "listening on HOST:PORT" and, with
--port-file, written to that file once the server accepts connections.
"""
import argparse
import copy
import io
import os
import signal
import sys
import threading

from werkzeug.serving import make_server

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)


def patch_transactions():
    import moto.dynamodb.models as models
    from moto.dynamodb.comparisons import get_filter_expression
    from moto.dynamodb.exceptions import TransactionCanceledException

    stock = models.DynamoDBBackend.transact_write_items

    def key_of(table, op_type, op):
        if op_type == "Put":
            item = op["Item"]
            key = {table.hash_key_attr: item[table.hash_key_attr]}
            if table.range_key_attr is not None:
                key[table.range_key_attr] = item[table.range_key_attr]
            return key
        return op["Key"]

    def failed_conditions(backend, transact_items):
        """One reason per action if any condition fails, else None. Nothing is written."""
        reasons, failed, seen = [], False, set()
        for entry in transact_items:
            if len(entry) != 1:
                return None
            op_type, op = next(iter(entry.items()))
            if op_type not in ("ConditionCheck", "Put", "Delete", "Update"):
                return None
            table = backend.get_table(op["TableName"])
            key = key_of(table, op_type, op)
            ident = (op["TableName"], str(dict(sorted(key.items()))))
            if ident in seen:
                return None  # moto's own path reports the validation error
            seen.add(ident)
            condition = op.get("ConditionExpression")
            current = backend.get_item(op["TableName"], key)
            if condition is not None and not get_filter_expression(
                condition, op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
            ).expr(current):
                old = None
                if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
                    old = current.to_json()["Attributes"]
                reasons.append(("ConditionalCheckFailed", "The conditional request failed", old))
                failed = True
            else:
                reasons.append((None, None, None))
        return reasons if failed else None

    class NoTableCopy:
        """Stands in for the copy module inside one transaction: the per-item snapshots below replace
        moto's whole-table copies. Anything else is copied as moto asks (an updated item's old image,
        which its stream record shows, is one)."""

        @staticmethod
        def deepcopy(obj, memo=None):
            return obj if isinstance(obj, models.Table) else copy.deepcopy(obj, memo)

    def snapshot(backend, transact_items):
        saved = []
        for entry in transact_items:
            op_type, op = next(iter(entry.items()))
            table = backend.get_table(op["TableName"])
            key = key_of(table, op_type, op)
            current = backend.get_item(op["TableName"], key)
            saved.append((op["TableName"], key, copy.deepcopy(current.to_json()["Attributes"]) if current else None))
        return saved

    def stream_marks(backend, transact_items):
        """How many records each touched table's stream holds before the transaction."""
        marks = {}
        for entry in transact_items:
            table = backend.get_table(next(iter(entry.values()))["TableName"])
            if table.stream_shard is not None:
                marks[table.name] = len(table.stream_shard.items)
        return marks

    def restore(backend, saved, marks):
        tables = {name: backend.get_table(name) for name in {t for t, _, _ in saved}}
        shards = {name: table.stream_shard for name, table in tables.items()}
        for name, table in tables.items():
            if shards[name] is not None:
                del shards[name].items[marks.get(name, len(shards[name].items)):]
            table.stream_shard = None  # the restore itself is no change a stream may tell of
        try:
            for table_name, key, attributes in reversed(saved):
                if attributes is None:
                    if backend.get_item(table_name, key) is not None:
                        backend.delete_item(table_name, key)
                else:
                    backend.put_item(table_name, attributes)
        finally:
            for name, table in tables.items():
                table.stream_shard = shards[name]

    def transact_write_items(self, transact_items):
        if len(transact_items) > 100:
            return stock(self, transact_items)
        try:
            reasons = failed_conditions(self, transact_items)
            saved = snapshot(self, transact_items)
            marks = stream_marks(self, transact_items)
        except Exception:  # anything unusual is left to moto's own path, whole-table copies and all
            return stock(self, transact_items)
        if reasons:
            raise TransactionCanceledException(reasons)
        models.copy = NoTableCopy()
        try:
            return stock(self, transact_items)
        except Exception:
            restore(self, saved, marks)
            raise
        finally:
            models.copy = copy

    models.DynamoDBBackend.transact_write_items = transact_write_items


class OneLockApp:
    def __init__(self, app):
        self._app = app
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        # The body is read before the lock is taken: a client that stalls or dies half-way through
        # sending one (a request its SDK abandoned on a timeout) then holds up its own thread only,
        # never every other request behind the lock.
        stream = environ["wsgi.input"]
        length = environ.get("CONTENT_LENGTH")
        body = stream.read(int(length)) if length else (stream.read() if environ.get("wsgi.input_terminated") else b"")
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        with self._lock:
            # The whole response is produced inside the lock: a lazily streamed body would let
            # the next request run against the backend before this one has finished reading it.
            return [b"".join(self._app(environ, start_response))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    parser.add_argument("--stock-transactions", action="store_true",
                        help="keep moto's transaction path as it is (slow on large tables)")
    args = parser.parse_args()
    if not args.stock_transactions:
        patch_transactions()

    app = OneLockApp(DomainDispatcherApplication(create_backend_app))
    # A connection that sends nothing for this long is dropped, so a stalled client does not keep a thread forever.
    MotoRequestHandler.timeout = 120
    # Threaded accept keeps slow clients from blocking the socket; the lock keeps execution serial.
    server = make_server(args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler)
    host, port = server.server_address[:2]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(port))
        os.replace(tmp, args.port_file)
    print(f"listening on {host}:{port}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
