package dev.metering.store.recording;

/**
 * A usage event as delivered, before any parsing.
 *
 * @param deliveryId the transport's id (an SQS message id, or the position in a direct invocation)
 * @param raw the body exactly as received
 */
public record IncomingEvent(String deliveryId, String raw) {}
