import { EventConsumer, parseDomainEvent, TOPICS, type ConsumerSettings, type Logger, type SupervisionSettings } from '@kayak/common';
import type { Admin, Kafka } from 'kafkajs';
import { NOTIFICATION_EVENT_TYPES, type NotificationEvent, type NotificationEventService } from '../services/notificationEvents.js';

export type NotificationConsumer = EventConsumer<NotificationEvent>;

export const DEFAULT_NOTIFICATION_CONSUMER_SETTINGS: ConsumerSettings = {
  groupId: 'users-notifications',
  topics: [...NOTIFICATION_EVENT_TYPES],
  deadLetterTopic: TOPICS.eventsDeadLetter,
};

export interface NotificationConsumerDependencies extends SupervisionSettings {
  kafka: Kafka;
  admin: Admin;
  logger: Logger;
  settings: ConsumerSettings;
  events: NotificationEventService;
}

/**
 * Reads listing and booking events and makes notifications of them (docs/notifications.md). The
 * envelope and payload are validated by the common contract; a message that fails goes to
 * events.dlq with the reason. The message's topic is not trusted for the type: the envelope says
 * it, and only the four types above are accepted (tests may publish them on other topics).
 */
export function createNotificationConsumer({ events, ...deps }: NotificationConsumerDependencies): NotificationConsumer {
  return new EventConsumer<NotificationEvent>({
    ...deps,
    name: 'notifications',
    handler: {
      parse: (value) => parseDomainEvent(value, NOTIFICATION_EVENT_TYPES),
      occurredAt: (event) => new Date(event.occurredAt),
      apply: (event) => events.apply(event),
    },
  });
}
