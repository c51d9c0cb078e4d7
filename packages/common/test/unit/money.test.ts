import { describe, expect, it } from 'vitest';
import { formatCents, formatRate, MAX_CENTS, MAX_PRE_TAX_CENTS, moneyBoundError, MoneyError, percentOf, TAX_RATE_BASIS_POINTS, toCents, withTax } from '../../src/money.js';

describe('money in integer cents', () => {
  it('parses decimal strings, two-decimal floats and Decimal-like objects exactly', () => {
    expect(toCents('299.9')).toBe(29_990n);
    expect(toCents('0.07')).toBe(7n);
    expect(toCents(' 12 ')).toBe(1_200n);
    expect(toCents(299.99)).toBe(29_999n);
    expect(toCents({ toFixed: () => '99999999.99' })).toBe(9_999_999_999n);
  });

  it('rejects negative amounts, more than two decimals and floats that two decimals cannot represent', () => {
    expect(() => toCents('-1.00')).toThrow(MoneyError);
    expect(() => toCents('1.005')).toThrow(MoneyError);
    expect(() => toCents(0.1 + 0.2)).toThrow(MoneyError);
    expect(() => toCents('abc')).toThrow(MoneyError);
    expect(() => toCents(Number.NaN)).toThrow(MoneyError);
  });

  it('formats cents with two decimals', () => {
    expect(formatCents(0n)).toBe('0.00');
    expect(formatCents(5n)).toBe('0.05');
    expect(formatCents(129_594n)).toBe('1295.94');
    expect(formatCents(-250n)).toBe('-2.50');
  });

  it('sums 0.10 ten times to exactly 1.00 (where floats give 0.9999999999999999)', () => {
    let total = 0n;
    for (let i = 0; i < 10; i += 1) total += toCents('0.10');
    expect(formatCents(total)).toBe('1.00');
  });

  it('rounds a percentage half up to the cent', () => {
    expect(percentOf(29_999n, 800)).toBe(2_400n); // 23.9992 → 24.00
    expect(percentOf(1_000n, 800)).toBe(80n);
    expect(percentOf(6_250n, 800)).toBe(500n); // exactly 5.00
    expect(percentOf(19_375n, 1_000)).toBe(1_938n); // 19.375 → 19.38 (half up)
  });

  it('writes rates as decimal fractions', () => {
    expect(formatRate(800)).toBe('0.08');
    expect(formatRate(725)).toBe('0.0725');
    expect(formatRate(1_000)).toBe('0.10');
  });
});

describe('the money bound: every stored amount, tax included, fits DECIMAL(10,2)', () => {
  it('is the largest pre-tax amount whose total with tax still fits the column', () => {
    expect(TAX_RATE_BASIS_POINTS).toBe(800);
    expect(formatCents(MAX_PRE_TAX_CENTS)).toBe('92592592.58');
    expect(withTax(MAX_PRE_TAX_CENTS) <= MAX_CENTS).toBe(true);
    expect(withTax(MAX_PRE_TAX_CENTS + 1n) > MAX_CENTS).toBe(true);
  });

  it('names the field of an amount over the bound and accepts the bound itself', () => {
    expect(moneyBoundError('input.ticketPrice', MAX_PRE_TAX_CENTS)).toBeNull();
    expect(moneyBoundError('input.ticketPrice', 0n)).toBeNull();
    expect(moneyBoundError('input.ticketPrice', toCents('99999999.99'))).toEqual({ path: 'input.ticketPrice', message: expect.stringContaining('92592592.58') });
  });
});
