import { backoffDelay, TOPICS, type BookingStatus } from '@kayak/common';
import { describe, expect, it } from 'vitest';
import { assertTransition, canTransition, eventTypeFor } from '../../src/services/transitions.js';

const statuses: BookingStatus[] = ['Pending', 'Confirmed', 'Cancelled', 'PaymentFailed'];

describe('booking lifecycle', () => {
  it('allows exactly Pending → Confirmed | PaymentFailed | Cancelled and Confirmed → Cancelled', () => {
    const allowed = statuses.flatMap((from) => statuses.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed).toEqual(['Pending→Confirmed', 'Pending→Cancelled', 'Pending→PaymentFailed', 'Confirmed→Cancelled']);
  });

  it('answers an illegal transition with CONFLICT', () => {
    expect(() => assertTransition('Cancelled', 'Confirmed')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONFLICT' }) }));
  });

  it('announces each status on the topic of the event contract', () => {
    expect(statuses.map(eventTypeFor)).toEqual([TOPICS.bookingCreated, TOPICS.bookingConfirmed, TOPICS.bookingCancelled, TOPICS.bookingCancelled]);
  });
});

describe('outbox relay backoff', () => {
  it('doubles from the initial delay and stays at the cap', () => {
    expect([1, 2, 3, 4, 5, 10].map((failures) => backoffDelay(failures, 250, 2_000))).toEqual([250, 500, 1_000, 2_000, 2_000, 2_000]);
  });
});
