import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientIpOf } from '../../src/context.js';

const request = (peer: string, forwardedFor?: string): IncomingMessage =>
  ({ socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

describe('the client address', () => {
  it('is the socket peer without trusted proxies, whatever x-forwarded-for claims', () => {
    expect(clientIpOf(request('::ffff:203.0.113.9', '1.2.3.4'), 0)).toBe('203.0.113.9');
    expect(clientIpOf(request('2001:db8::1'), 0)).toBe('2001:db8::1');
  });

  it('is the entry the outermost trusted proxy appended; client-written entries to its left are ignored', () => {
    expect(clientIpOf(request('10.0.0.2', '6.6.6.6, 198.51.100.7'), 1)).toBe('198.51.100.7');
    expect(clientIpOf(request('10.0.0.2', '6.6.6.6, 198.51.100.7, 10.0.0.1'), 2)).toBe('198.51.100.7');
  });

  it('falls back to the peer when the header is missing or not an address', () => {
    expect(clientIpOf(request('10.0.0.2'), 1)).toBe('10.0.0.2');
    expect(clientIpOf(request('10.0.0.2', 'not-an-ip'), 1)).toBe('10.0.0.2');
  });
});
