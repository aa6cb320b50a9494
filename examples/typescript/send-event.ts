// Sends one usage event to the metering usage queue with the AWS SDK for JavaScript v3.
//
// The queue is the stack's UsageQueueUrl output (METERING_USAGE_QUEUE_URL); credentials, region and, for a local
// run, AWS_ENDPOINT_URL come from the environment as for any SDK client.
//
//   METERING_USAGE_QUEUE_URL=... node dist/send-event.js acct_42 claude-code-github-actions claude-haiku-4-5 1200 340
import { randomUUID } from "node:crypto";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";

/** The usage event, as events/schemas/usage-event.json states it. */
export interface UsageEvent {
  eventId: string;
  accountId: string;
  occurredAt: string;
  source: string;
  model: string;
  serviceTier?: "standard" | "priority" | "batch";
  tags?: Record<string, string>;
  usage: {
    input_tokens: number;
    output_tokens: number;
    cache_creation_input_tokens?: number | null;
    cache_read_input_tokens?: number | null;
    cache_creation?: { ephemeral_5m_input_tokens?: number | null; ephemeral_1h_input_tokens?: number | null } | null;
    server_tool_use?: { web_search_requests?: number | null; web_fetch_requests?: number | null } | null;
    service_tier?: "standard" | "priority" | "batch" | null;
    inference_geo?: "global" | "us" | null;
  };
}

export function usageEvent(accountId: string, source: string, model: string, inputTokens: number, outputTokens: number,
                           tags?: Record<string, string>): UsageEvent {
  // The eventId is the idempotency key: a retry with the same id and body is counted once.
  return {
    eventId: `evt_${randomUUID()}`,
    accountId,
    occurredAt: new Date().toISOString(),
    source,
    model,
    ...(tags ? { tags } : {}),
    usage: { input_tokens: inputTokens, output_tokens: outputTokens },
  };
}

export async function send(event: UsageEvent, queueUrl: string, sqs = new SQSClient({})): Promise<string> {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(event) }));
  return event.eventId;
}

const [account, source, model, input, output] = process.argv.slice(2);
const queueUrl = process.env.METERING_USAGE_QUEUE_URL;
if (!queueUrl || !account || !source || !model || !input || !output) {
  console.error("usage: METERING_USAGE_QUEUE_URL=... node dist/send-event.js ACCOUNT SOURCE MODEL INPUT_TOKENS OUTPUT_TOKENS");
  process.exit(2);
}
console.log(await send(usageEvent(account, source, model, Number(input), Number(output), { example: "typescript" }), queueUrl));
