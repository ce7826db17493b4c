import { describe, expect, it } from 'vitest';
import { formatSliceLabelIn } from '../../shared/locale-format.js';

const names = { missing: 'sin valor', other: 'otros' };

describe('slice labels in the reader’s language', () => {
  it('writes range bounds with the language’s decimal mark, bounds kept apart', () => {
    const s = { label: '[0.5, 1.25)', lower: 0.5, upper: 1.25 };
    expect(formatSliceLabelIn('en', s, names)).toBe('[0.5, 1.25)');
    expect(formatSliceLabelIn('es', s, names)).toBe('[0,5; 1,25)');
    expect(formatSliceLabelIn('es', { label: '[2.5, 7.123]', lower: 2.5, upper: 7.123456 }, names)).toBe('[2,5; 7,123]');
  });

  it('shows a dominant value alone, whole numbers whole, and categories and the special slices by name', () => {
    expect(formatSliceLabelIn('es', { label: '0', lower: 0, upper: 0 }, names)).toBe('0');
    expect(formatSliceLabelIn('es', { label: '0.25', lower: 0.25, upper: 0.25 }, names)).toBe('0,25');
    expect(formatSliceLabelIn('es', { label: '[1, 20]', lower: 1, upper: 20 }, names)).toBe('[1; 20]');
    expect(formatSliceLabelIn('es', { label: 'rojo', lower: null, upper: null }, names)).toBe('rojo');
    expect(formatSliceLabelIn('es', { label: '(missing)', lower: null, upper: null }, names)).toBe('sin valor');
    expect(formatSliceLabelIn('es', { label: '(other)', lower: null, upper: null }, names)).toBe('otros');
  });

  it('writes date slices as dates in the language (UTC, as stored), never as epoch numbers', () => {
    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
    const s = { label: '[2024-03-01, 2024-06-15)', lower: day('2024-03-01'), upper: day('2024-06-15') };
    expect(formatSliceLabelIn('en', s, names, 'datetime')).toBe('[Mar 1, 2024; Jun 15, 2024)');
    expect(formatSliceLabelIn('es', s, names, 'datetime')).toBe('[1 mar 2024; 15 jun 2024)');
    const instant = Date.parse('2024-03-01T14:05:00Z');
    expect(formatSliceLabelIn('es', { label: '2024-03-01 14:05:00', lower: instant, upper: instant }, names, 'datetime')).toBe('1 mar 2024, 14:05');
  });
});
