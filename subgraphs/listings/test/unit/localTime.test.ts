import { describe, expect, it } from 'vitest';
import { localDateTime } from '../../src/services/localTime.js';

describe('local times', () => {
  it('gives the zone offset of the instant on both sides of the spring change', () => {
    // New York moves to EDT at 07:00Z on 2031-03-09, Los Angeles to PDT at 10:00Z.
    expect(localDateTime('2031-03-09T06:30:00.000Z', 'America/New_York')).toBe('2031-03-09T01:30:00-05:00');
    expect(localDateTime('2031-03-09T07:30:00.000Z', 'America/New_York')).toBe('2031-03-09T03:30:00-04:00');
    expect(localDateTime('2031-03-09T09:30:00.000Z', 'America/Los_Angeles')).toBe('2031-03-09T01:30:00-08:00');
    expect(localDateTime('2031-03-09T10:30:00.000Z', 'America/Los_Angeles')).toBe('2031-03-09T03:30:00-07:00');
  });

  it('tells the repeated hour of the autumn change apart by its offset', () => {
    expect(localDateTime('2031-11-02T05:30:00.000Z', 'America/New_York')).toBe('2031-11-02T01:30:00-04:00');
    expect(localDateTime('2031-11-02T06:30:00.000Z', 'America/New_York')).toBe('2031-11-02T01:30:00-05:00');
  });

  it('handles zones without daylight saving, across midnight and east of Greenwich', () => {
    expect(localDateTime('2031-07-01T03:15:00.000Z', 'America/Phoenix')).toBe('2031-06-30T20:15:00-07:00');
    expect(localDateTime('2031-07-01T03:15:00.000Z', 'Pacific/Honolulu')).toBe('2031-06-30T17:15:00-10:00');
    expect(localDateTime('2031-07-01T03:15:00.000Z', 'America/Anchorage')).toBe('2031-06-30T19:15:00-08:00');
    expect(localDateTime('2031-07-01T23:15:00.000Z', 'Asia/Tokyo')).toBe('2031-07-02T08:15:00+09:00');
    expect(localDateTime('2031-01-01T00:00:00.000Z', 'Europe/London')).toBe('2031-01-01T00:00:00+00:00');
    expect(localDateTime('2026-12-12T08:00:00.000Z', 'America/New_York')).toBe('2026-12-12T03:00:00-05:00');
  });
});
