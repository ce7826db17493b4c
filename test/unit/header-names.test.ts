import { describe, expect, it } from 'vitest';
import { generatedNames, headerNames, looksLikeHeader } from '../../electron/core/datasets/header-names.js';

describe('column names from a CSV header (one rule for import, predict and serving)', () => {
  it('trims names and leaves a plain header as it is', () => {
    expect(headerNames([' size ', 'colour', 'label'])).toEqual({ names: ['size', 'colour', 'label'], generated: [], repeated: [] });
  });

  it('names a column without a name after its position', () => {
    expect(headerNames(['x', '', ' ', 'y'])).toEqual({ names: ['x', 'column_2', 'column_3', 'y'], generated: [2, 3], repeated: [] });
    // a name the file already uses is not taken again
    expect(headerNames(['column_2', '']).names).toEqual(['column_2', 'column_2_']);
  });

  it('keeps the first of a repeated name and numbers the repeats, never taking a name the header uses', () => {
    expect(headerNames(['a', 'b', 'a', 'c', 'b', 'a'])).toEqual({
      names: ['a', 'b', 'a_2', 'c', 'b_2', 'a_3'],
      generated: [],
      repeated: [
        { name: 'a', as: ['a_2', 'a_3'] },
        { name: 'b', as: ['b_2'] },
      ],
    });
    expect(headerNames(['a', 'a', 'a_2']).names).toEqual(['a', 'a_3', 'a_2']);
    expect(headerNames(['Notes ', ' Notes']).names).toEqual(['Notes', 'Notes_2']);
    // two unnamed columns and a repeat of a generated name
    expect(headerNames(['', 'column_1', '']).names).toEqual(['column_1_', 'column_1', 'column_3']);
  });

  it('reads a first record of numbers only as data (no header)', () => {
    expect(looksLikeHeader(['1', '2.5', '-3'])).toBe(false);
    expect(looksLikeHeader(['1', 'x'])).toBe(true);
    expect(looksLikeHeader(['1', ''])).toBe(true);
    expect(generatedNames(3)).toEqual(['column_1', 'column_2', 'column_3']);
  });
});
