import { CombinedGraphQLErrors } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { itemErrorsOf } from '../../src/components/tripErrors.js';

const errorOf = (code: string, message: string, fields: Array<{ path: string; message: string }>) => new CombinedGraphQLErrors({ errors: [{ message, extensions: { code, fields } }] });

describe('the errors of createTrip next to the items they name', () => {
  it('files field errors under the item of their path, without the item prefix', () => {
    const errors = itemErrorsOf(
      errorOf('BAD_USER_INPUT', 'Invalid input', [
        { path: 'input.items.0.passengers.1.dateOfBirth', message: 'must not be in the future' },
        { path: 'input.items.0.endDate', message: 'must be after startDate' },
        { path: 'input.items.3', message: 'is not a known listing' },
      ]),
    );
    expect([...errors.entries()]).toEqual([
      [0, ['passengers.1.dateOfBirth: must not be in the future', 'endDate: must be after startDate']],
      [3, ['is not a known listing']],
    ]);
  });

  it('keeps the sentence of a CONFLICT (what ran out) with the field', () => {
    const errors = itemErrorsOf(errorOf('CONFLICT', 'Only 2 of 60 left for these dates', [{ path: 'input.items.2.quantity', message: 'must be at most 2' }]));
    expect(errors.get(2)).toEqual(['Only 2 of 60 left for these dates (quantity: must be at most 2)']);
  });

  it('names no item for errors of the whole input, other paths or a network failure', () => {
    expect(itemErrorsOf(errorOf('BAD_USER_INPUT', 'Invalid input', [{ path: 'input.items', message: 'must have 1–10 items' }])).size).toBe(0);
    expect(itemErrorsOf(new Error('Failed to fetch')).size).toBe(0);
    expect(itemErrorsOf(undefined).size).toBe(0);
  });
});
