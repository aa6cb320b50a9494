"""A gateway asks the metering API whether to serve a request, before serving it.

The decision (GET /v1/accounts/{id}/authorization?source=...&tag.<key>=<value>) carries an ETag and a short
Cache-Control max-age: within max-age the gateway answers from its cache without a call; after it, it asks again
with If-None-Match and a 304 renews the cached answer at no cost. It is a decision, not a reservation: requests in
flight may overshoot into overrun, which the metering records and shows.

When the API cannot answer (a timeout, a 5xx, a refused connection) the gateway must still choose. This one fails
CLOSED for programmatic sources (an agent loop must not run on unmetered credit) but keeps serving from a cached
ALLOW for up to STALE_ALLOW_SECONDS past its expiry, so a blip of the API does not stop every pipeline at once.
A gateway for people at a keyboard may rather fail OPEN: set fail_open=True.

    METERING_API_URL=https://... METERING_GATEWAY_TOKEN=... python gateway.py acct_42 agent-sdk
"""
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

STALE_ALLOW_SECONDS = 60


class MeteringGate:

    def __init__(self, api_url, token, fail_open=False, timeout_seconds=2.0, clock=time.monotonic):
        self.api_url, self.token, self.fail_open, self.timeout, self.clock = api_url.rstrip("/"), token, fail_open, timeout_seconds, clock
        self.cache = {}  # (account, source, tags) -> (decision, etag, fresh_until)
        self.calls = {"fresh": 0, "revalidated": 0, "fetched": 0, "unavailable": 0}

    def decide(self, account_id, source, tags=None):
        """The decision for the next request of this account, source and tags: a dict as the API answers it, plus
        "servedFrom" (cache, revalidated, api, or fail-open / fail-closed when the API could not answer)."""
        key = (account_id, source, tuple(sorted((tags or {}).items())))
        cached = self.cache.get(key)
        now = self.clock()
        if cached and now < cached[2]:
            self.calls["fresh"] += 1
            return {**cached[0], "servedFrom": "cache"}
        query = [("source", source)] + [(f"tag.{k}", v) for k, v in sorted((tags or {}).items())]
        request = urllib.request.Request(
            f"{self.api_url}/v1/accounts/{urllib.parse.quote(account_id)}/authorization?{urllib.parse.urlencode(query)}",
            headers={"Authorization": f"Bearer {self.token}", "Accept": "application/json",
                     **({"If-None-Match": cached[1]} if cached else {})})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                decision = json.loads(answer.read())
                self.cache[key] = (decision, answer.headers["ETag"], now + max_age(answer.headers))
                self.calls["fetched"] += 1
                return {**decision, "servedFrom": "api"}
        except urllib.error.HTTPError as e:
            if e.code == 304 and cached:
                self.cache[key] = (cached[0], cached[1], now + max_age(e.headers))
                self.calls["revalidated"] += 1
                return {**cached[0], "servedFrom": "revalidated"}
            if e.code < 500:
                raise  # a 4xx is a bug of the gateway's (a bad token, an unknown account): never hidden by a policy
            return self._unavailable(cached, now, f"HTTP {e.code}")
        except (urllib.error.URLError, TimeoutError) as e:
            return self._unavailable(cached, now, str(e))

    def _unavailable(self, cached, now, why):
        self.calls["unavailable"] += 1
        if cached and cached[0]["decision"] == "ALLOW" and now < cached[2] + STALE_ALLOW_SECONDS:
            return {**cached[0], "servedFrom": "stale-allow", "unavailable": why}
        decision = "ALLOW" if self.fail_open else "DENY"
        return {"decision": decision, "reason": "METERING_UNAVAILABLE", "servedFrom": "fail-open" if self.fail_open else "fail-closed",
                "unavailable": why}


def max_age(headers):
    for part in (headers.get("Cache-Control") or "").split(","):
        name, _, value = part.strip().partition("=")
        if name == "max-age" and value.isdigit():
            return int(value)
    return 0


if __name__ == "__main__":
    account, source = sys.argv[1:3]
    gate = MeteringGate(os.environ["METERING_API_URL"], os.environ["METERING_GATEWAY_TOKEN"])
    first = gate.decide(account, source, {"example": "gateway"})
    again = gate.decide(account, source, {"example": "gateway"})
    print(json.dumps({"first": first, "again": again, "calls": gate.calls}))
