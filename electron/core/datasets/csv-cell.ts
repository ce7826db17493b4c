/**
 * Writing one CSV cell, for every CSV Ciclo writes (predictions, exports): quoted when it holds the
 * delimiter, a quote, a line break or edge spaces (RFC 4180), and neutralised against CSV injection as
 * OWASP recommends: a cell a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
 * carriage return) gets a leading single quote, so it shows as text. Plain numbers (-1.5, +3, -2e-3) are
 * left as they are.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Whether a spreadsheet could read the text as a formula (and it is not a plain number). */
export function looksLikeFormula(value: string): boolean {
  return FORMULA_START.test(value) && !NUMBER.test(value);
}

export function csvCell(value: string, delimiter: string): string {
  if (value === '') return '';
  const text = looksLikeFormula(value) ? `'${value}` : value;
  const needs = text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r') || text.trim() !== text;
  return needs ? `"${text.replace(/"/g, '""')}"` : text;
}
