"""Forwards the usage of an Anthropic SDK response to the metering usage queue, unchanged.

The usage object goes as the API returned it, read through the SDK's own types (anthropic.types.Message): its
cache writes by duration, server tool use, service tier and inference geography are what the recorder prices. The
message id is the eventId, so a retried forward is counted once. Here the response is read from a recorded file
(no API key needed); in a real client it is the return value of client.messages.create(...).

    METERING_USAGE_QUEUE_URL=... python forward_anthropic_usage.py recorded-message.json acct_42 agent-sdk
"""
import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import boto3
from anthropic.types import Message


def usage_event(message: Message, account_id: str, source: str, occurred_at: datetime):
    return {
        "eventId": message.id,
        "accountId": account_id,
        "occurredAt": occurred_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "source": source,
        "model": message.model,
        # Every field the SDK read, nulls included (null means absent); nothing renamed, nothing dropped.
        "usage": message.usage.model_dump(mode="json"),
    }


if __name__ == "__main__":
    recorded, account, source = sys.argv[1:4]
    message = Message.model_validate_json(Path(recorded).read_text())
    event = usage_event(message, account, source, datetime.now(timezone.utc))
    boto3.client("sqs").send_message(QueueUrl=os.environ["METERING_USAGE_QUEUE_URL"], MessageBody=json.dumps(event))
    print(event["eventId"])
