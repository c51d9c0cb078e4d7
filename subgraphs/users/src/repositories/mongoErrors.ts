import { MongoServerError } from 'mongodb';

/**
 * A unique index rejected the write (a concurrent writer won the race). MongoDB and
 * mongo-java-server say E11000; FerretDB 1.24 (which some may still run) surfaces SQLite's
 * "UNIQUE constraint failed" on update instead, so both forms count.
 */
export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof MongoServerError && (error.code === 11000 || error.message.includes('UNIQUE constraint failed'));
}

/** A string matched literally inside a regular expression (valid for PCRE and RE2 alike). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
