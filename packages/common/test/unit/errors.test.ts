import { describe, expect, it } from 'vitest';
import { badUserInput, conflict, toPublicError } from '../../src/errors.js';

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
