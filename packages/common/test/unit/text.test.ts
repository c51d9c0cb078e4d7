import { describe, expect, it } from 'vitest';
import { hasControlCharacters } from '../../src/text.js';

describe('free text', () => {
  it.each(['Grand Hotel', 'Zoë & Chloé', 'São Paulo — 5★', '東京', 'family 👨‍👩‍👧 trip', "O'Brien"])('accepts %j', (value) => {
    expect(hasControlCharacters(value)).toBe(false);
  });

  it.each(['a\u0000b', 'a\u0007', '\u001b[2J', 'a\u007fb', 'a\u0085b', 'a\u009bb', 'line\nbreak', 'tab\there', 'cr\r', 'lone \ud800 surrogate'])('refuses %j on one line', (value) => {
    expect(hasControlCharacters(value)).toBe(true);
  });

  it('lets multi-line text keep line breaks and tabs, and nothing else', () => {
    expect(hasControlCharacters('first line\r\n\tsecond line', { multiline: true })).toBe(false);
    expect(hasControlCharacters('first line\n\u0000', { multiline: true })).toBe(true);
    expect(hasControlCharacters('bell\u0007', { multiline: true })).toBe(true);
  });
});
