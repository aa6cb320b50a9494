"""Sends one usage event to the metering usage queue with boto3.

The queue is the stack's UsageQueueUrl output (METERING_USAGE_QUEUE_URL). Credentials, region and, for a local run,
AWS_ENDPOINT_URL come from the environment as for any boto3 client.

    METERING_USAGE_QUEUE_URL=... python send_event.py acct_42 agent-sdk claude-sonnet-4-5 1200 340
"""
import json
import os
import sys
import uuid
from datetime import datetime, timezone

import boto3


def usage_event(account_id, source, model, input_tokens, output_tokens, tags=None):
    """A usage event as events/schemas/usage-event.json states it. The eventId is the idempotency key: send the same
    event again (a retry) with the same id and body, and it is counted once."""
    event = {
        "eventId": f"evt_{uuid.uuid4().hex}",
        "accountId": account_id,
        "occurredAt": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "source": source,
        "model": model,
        "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens},
    }
    if tags:
        event["tags"] = tags
    return event


def send(event, queue_url, sqs=None):
    """One message per event; SQS gives at-least-once delivery and the eventId makes a repeat harmless."""
    (sqs or boto3.client("sqs")).send_message(QueueUrl=queue_url, MessageBody=json.dumps(event))
    return event["eventId"]


if __name__ == "__main__":
    account, source, model, input_tokens, output_tokens = sys.argv[1:6]
    event = usage_event(account, source, model, int(input_tokens), int(output_tokens), tags={"example": "python"})
    print(send(event, os.environ["METERING_USAGE_QUEUE_URL"]))
