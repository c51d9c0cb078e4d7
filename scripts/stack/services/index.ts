import { jaegerService } from './jaeger.js';
import { kafkaService } from './kafka.js';
import { mailDevService } from './maildev.js';
import { mariadbService } from './mariadb.js';
import { mongoService } from './mongo.js';
import { redisService } from './redis.js';
import type { ServiceDefinition } from './service.js';

/** The backing services (and the SMTP catcher), in the order `stack:up` reports them; the optional ones (Jaeger) only when asked. */
export const SERVICES: ServiceDefinition[] = [mariadbService, redisService, kafkaService, mongoService, mailDevService, jaegerService];

export { isLoopback, type ProbeResult, type ServiceDefinition, type ServiceName } from './service.js';
export { JAEGER_OTLP_HTTP_URL, JAEGER_UI_URL } from './jaeger.js';
export { startKafkaInstance } from './kafka.js';
export { startMariaDbInstance } from './mariadb.js';
export { startRedisInstance } from './redis.js';
