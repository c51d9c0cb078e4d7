import { kafkaService } from './kafka.js';
import { mariadbService } from './mariadb.js';
import { mongoService } from './mongo.js';
import { redisService } from './redis.js';
import type { ServiceDefinition } from './service.js';

/** The backing services, in the order `stack:up` reports them. */
export const SERVICES: ServiceDefinition[] = [mariadbService, redisService, kafkaService, mongoService];

export { isLoopback, type ProbeResult, type ServiceDefinition, type ServiceName } from './service.js';
export { startKafkaInstance } from './kafka.js';
export { startMariaDbInstance } from './mariadb.js';
export { startRedisInstance } from './redis.js';
