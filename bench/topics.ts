import { TOPICS } from '@kayak/common';

/**
 * The bench's own booking topics on the shared broker (`<base>.booking.created`, ...), so its
 * events never reach the development consumer group and a new run never replays an older one.
 */
export interface BenchTopics {
  'booking.created': string;
  'booking.confirmed': string;
  'booking.cancelled': string;
  deadLetter: string;
}

export function benchTopics(base: string): BenchTopics {
  return {
    [TOPICS.bookingCreated]: `${base}.${TOPICS.bookingCreated}`,
    [TOPICS.bookingConfirmed]: `${base}.${TOPICS.bookingConfirmed}`,
    [TOPICS.bookingCancelled]: `${base}.${TOPICS.bookingCancelled}`,
    deadLetter: `${base}.${TOPICS.deadLetter}`,
  };
}

export const bookingTopicNames = (topics: BenchTopics): string[] => [topics['booking.created'], topics['booking.confirmed'], topics['booking.cancelled']];
