/**
 * The one rule every subgraph applies to free text from clients (names, titles, comments, labels,
 * addresses). Control characters — NUL, ESC, DEL, the C1 range — are invisible in a UI, end
 * C strings early, forge log lines and drive terminals; an unpaired surrogate is not text at all
 * and becomes U+FFFD (or an error) on its way into UTF-8 storage. Multi-line text (a review
 * comment) may keep line breaks and tabs.
 */
const SINGLE_LINE = /[\p{Cc}\p{Cs}]/u;
const MULTI_LINE = /(?![\t\n\r])[\p{Cc}\p{Cs}]/u;

export const CONTROL_CHARACTER_MESSAGE = 'must not contain control characters';

/** Whether `value` holds a character that free text must not contain. */
export function hasControlCharacters(value: string, options: { multiline?: boolean } = {}): boolean {
  return (options.multiline ? MULTI_LINE : SINGLE_LINE).test(value);
}
