import { describe, expect, it } from 'vitest';
import { badUserInput, conflict, FieldErrors, toPublicError } from '../../src/errors.js';

describe('errors', () => {
  it('puts the code and every field on a BAD_USER_INPUT error', () => {
    const error = badUserInput([{ path: 'input.email', message: 'must be an email' }, { path: 'input.zip', message: 'must be ##### or #####-####' }]);
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.email', message: 'must be an email' }, { path: 'input.zip', message: 'must be ##### or #####-####' }] });
  });

  it('keeps known codes but strips stack traces', () => {
    const formatted = toPublicError({ message: 'taken', extensions: { code: 'CONFLICT', stacktrace: ['at secret.ts:1'] } });
    expect(formatted).toEqual({ message: 'taken', extensions: { code: 'CONFLICT' } });
    expect(toPublicError({ message: conflict('x').message, extensions: conflict('x').extensions })).toMatchObject({ extensions: { code: 'CONFLICT' } });
  });

  it('hides the message of unexpected errors', () => {
    const formatted = toPublicError({ message: "Cannot read properties of undefined (reading 'x') at /app/src/db.ts", path: ['me'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['...'] } });
    expect(formatted).toEqual({ message: 'Internal server error', path: ['me'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});

describe('FieldErrors', () => {
  it('collects every problem and throws them in one BAD_USER_INPUT, in the order found', () => {
    const errors = new FieldErrors();
    expect(() => errors.throwIfAny()).not.toThrow();
    expect(errors.add('input.name', 'is required')).toBeUndefined();
    errors.add('input.zip', 'must be 5 digits');
    expect(errors.list).toEqual([{ path: 'input.name', message: 'is required' }, { path: 'input.zip', message: 'must be 5 digits' }]);
    expect(() => errors.throwIfAny()).toThrow(expect.objectContaining({ message: 'Invalid input', extensions: { code: 'BAD_USER_INPUT', fields: errors.list } }));
  });

  it('completes a draft only when nothing was reported and every field is set', () => {
    expect(new FieldErrors().complete<{ a: number }>({ a: 1 })).toEqual({ a: 1 });
    expect(() => new FieldErrors().complete<{ a: number }>({ a: undefined })).toThrow('validation left a unset without reporting it');
  });
});
