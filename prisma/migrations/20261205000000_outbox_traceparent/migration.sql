-- The W3C traceparent of the request that wrote an outbox event: the relay sends it in the Kafka
-- message headers, so the consumers' work joins that request's trace (docs/observability.md).
ALTER TABLE `outbox_events` ADD COLUMN `traceparent` VARCHAR(55) NULL;
