"""Values only the stored state can make valid, given to the fuzzer ready-made.

Three rules of the contract depend on what is stored, which no schema can state:
- an instant in a query (`at` on pools, `cycle`, `from` and `to` on the ledger, `cycle` on usage)
  must lie between the account's first cycle and ten years ahead;
- the window of invoice lines (`closedFrom`, `closedTo`) must not end before it starts;
- an authorization's `source` must be one the deployed source catalogue knows;
- a `cursor` must be one this API issued for that listing;
- creating an account needs its `anchor` (the body schema cannot tell a create from an update).

A schema-valid value of those may therefore be refused with a 400 that is right. Rather than
accepting 400 for schema-valid requests, this hook replaces only such schema-valid values with ones
the state makes valid, so every check still holds the API to the document. Values that break the
schema are left as generated: the negative cases stay negative.
"""
import re
from datetime import datetime, timezone

import schemathesis

_STATE_BOUND_INSTANTS = ("at", "cycle", "from", "to")
# Sources of the bundled catalogue, one for each pool, in turn.
_SOURCES = ("agent-sdk", "claude-code")
# The widest window the API accepts, so that a listing has closes in it to show.
_WINDOW = {"closedFrom": lambda: "2000-01-01T00:00:00Z", "closedTo": lambda: _now()}


def _now() -> str:
    # An account's first cycle contains the moment it was created, so "now" lies inside every
    # account's bounds, whichever anchor it was created with.
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _pattern(operation, name: str) -> str:
    # The document's own pattern, so this hook cannot drift from it.
    for parameter in operation.query:
        if parameter.name == name:
            return parameter.definition["schema"]["pattern"]
    raise LookupError(f"{operation.label} has no query parameter {name!r} in infra/openapi.yaml")


@schemathesis.hook
def before_call(context, case, kwargs):
    query = case.query
    if isinstance(query, dict):
        for name in _STATE_BOUND_INSTANTS:
            value = query.get(name)
            if isinstance(value, str) and re.search(_pattern(case.operation, name), value):
                query[name] = _now()
        source = query.get("source")
        if isinstance(source, str) and re.search(_pattern(case.operation, "source"), source):
            query["source"] = _SOURCES[len(source) % len(_SOURCES)]
        for name, valid in _WINDOW.items():
            value = query.get(name)
            if isinstance(value, str) and re.search(_pattern(case.operation, name), value):
                query[name] = valid()
        # No fuzzer can produce a cursor this API signed; the unsigned ones are refused with a 400
        # that the pool-api tests cover, so a cursor is only ever followed, never invented.
        query.pop("cursor", None)
    if (case.method.upper() == "PUT" and case.path == "/v1/accounts/{id}"
            and isinstance(case.body, dict) and case.body.get("anchor") is None):
        case.body["anchor"] = _now()
