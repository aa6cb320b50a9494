"""Values only the stored state can make valid, given to the fuzzer ready-made; and, for the pass
that runs without them, those same rules allowed by name.

Some rules of the contract depend on what is stored, or on two fields at once, which no schema can state:
- an instant in a query (`at` on pools, `cycle`, `from` and `to` on the ledger, `cycle` on usage)
  must lie between the account's first cycle and ten years ahead;
- the window of invoice lines (`closedFrom`, `closedTo`) must not end before it starts, nor lie ahead;
- a `cursor` must be one this API issued for that listing (in a query, or in a replay's body);
- creating an account needs its `anchor` (the body schema cannot tell a create from an update);
- a replay's `until` must not come before its `since`;
- a price row's rates, after batch halving and its `usOnlyMultiplier`, must come to whole nano-dollars
  unless it says `holdInexact` (a rule over several fields at once);
- a budget's `match` names a source, or a tag and its value together, never both (fields of one object).

A schema-valid value of those may therefore be refused with a 400 that is right. In the passes with
state hooks, `before_call` replaces only such schema-valid values with ones the state makes valid,
so every check still holds the API to the document; values that break the schema are left as
generated: the negative cases stay negative. The pass without them
(`METERING_API_CHECK_STATE_HOOKS=off`) sends every request as generated and runs
`positive_data_acceptance_but_state_bound` instead of schemathesis' `positive_data_acceptance`: a
schema-valid request may be refused only with a 400 whose problem names nothing but the fields
above; any other refusal of a schema-valid request is a gap in the document, and fails.
"""
import json
import os
import re
from datetime import datetime, timezone

import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance

_STATE_HOOKS = os.environ.get("METERING_API_CHECK_STATE_HOOKS", "on") != "off"
# The fields whose valid values only the stored state (or another field) decides, by name.
_STATE_BOUND_FIELDS = frozenset({"at", "cycle", "from", "to", "closedFrom", "closedTo", "cursor", "anchor", "until",
                                 "holdInexact", "match", "match.tag", "match.value"})

_STATE_BOUND_INSTANTS = ("at", "cycle", "from", "to")
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


@schemathesis.check
def positive_data_acceptance_but_state_bound(ctx, response, case):
    """Schemathesis' own check, but for a 400 that names only state-bound fields."""
    meta = case.meta
    if meta is not None and meta.generation.mode.is_positive and response.status_code == 400:
        try:
            named = {error["field"] for error in json.loads(response.content)["errors"]}
        except (ValueError, KeyError, TypeError):
            named = set()
        if named and named <= _STATE_BOUND_FIELDS:
            return None
    return positive_data_acceptance(ctx, response, case)


@schemathesis.hook
def before_call(context, case, kwargs):
    if not _STATE_HOOKS:
        return
    query = case.query
    if isinstance(query, dict):
        for name in _STATE_BOUND_INSTANTS:
            value = query.get(name)
            if isinstance(value, str) and re.search(_pattern(case.operation, name), value):
                query[name] = _now()
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
    if case.method.upper() == "POST" and case.path == "/v1/quarantine/replay" and isinstance(case.body, dict):
        case.body.pop("cursor", None)
        since, until = case.body.get("since"), case.body.get("until")
        start, end = _instant(since), _instant(until)
        if start is not None and end is not None and end < start:
            case.body["until"] = since
    if (case.method.upper() == "PUT" and case.path == "/v1/accounts/{id}/budgets/{budgetId}" and isinstance(case.body, dict)
            and isinstance(case.body.get("match"), dict)):
        match = case.body["match"]
        if "source" in match or "tag" not in match or "value" not in match:
            match.pop("tag", None)
            match.pop("value", None)
    if case.method.upper() == "PUT" and case.path == "/v1/prices/{model}" and isinstance(case.body, dict):
        # Whether the rates stay whole under the modifiers depends on the rates and the multiplier together.
        case.body["holdInexact"] = True


def _instant(text: object) -> datetime | None:
    """The instant a value names, or None for what is not one (negative tests send such values on purpose)."""
    if not isinstance(text, str):
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None
