import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../electron/cli/output.js';

describe('numbers in the terminal', () => {
  it('prints whole numbers whole, 4 significant digits below 100 and one decimal above, never a trailing ".0"', () => {
    expect(formatNumber(3000)).toBe('3000');
    expect(formatNumber(0.31254)).toBe('0.3125');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(1.377)).toBe('1.377');
    expect(formatNumber(1126.67)).toBe('1126.7');
    expect(formatNumber(204648.04)).toBe('204648');
    expect(formatNumber(-250.01)).toBe('-250');
  });
});
