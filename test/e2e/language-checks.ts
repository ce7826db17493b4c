import type { Page } from 'playwright-core';
import { metrics } from '../../shared/metrics.js';

/**
 * One language per screen, checked on every page of the layout walk: in Spanish no internal names (metric keys,
 * parameter paths, enum values), no English dates or times and never a decimal point; in English no keys
 * (f1_macro, batchSize: the plain words are English there). User data (column
 * names, class names, sample values) is marked translate="no" or set in monospace and is not checked; neither
 * is what the user wrote (`userTexts`: names, descriptions, reasons), theirs in their own words.
 */
const rawNames = [
  ...metrics.map((m) => m.name).filter((n) => n.includes('_')),
  ...metrics.map((m) => m.name.toUpperCase()).filter((n) => n.includes('_') || ['ACCURACY', 'PRECISION', 'RECALL', 'BRIER'].includes(n)),
  'val_loss',
  'val_accuracy',
  'learningRate',
  'batchSize',
  'design.layers',
  'params.',
  'constant',
  'adam',
  'relu',
  'accuracy',
  'loss',
  // data, job and registry enum values
  'categorical',
  'numeric',
  'datetime',
  'median',
  'succeeded',
  'failed',
  'running',
  'queued',
  'cancelled',
  'interrupted',
  'production',
  'staging',
  'archived',
  'tabular',
];
/** Whole words only, case-sensitive: "Adam" (the display name) is fine, "adam" is not. */
const wordsOf = (names: string[]) => new RegExp(`(^|[^\\p{L}\\w.])(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\w])`, 'u');
const rawPattern = wordsOf(rawNames);
/** In English the plain words (accuracy, failed) are English too: only the keys no sentence has (f1_macro, batchSize, params.). */
const keyPattern = wordsOf(rawNames.filter((n) => /[_.]|[a-z][A-Z]/.test(n)));

/** The page's visible text without user data, code and identifiers. */
function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const main = document.querySelector('main') ?? document.body;
    const clone = main.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('[translate="no"], .mono, code, pre, script, style, input, textarea, select, option').forEach((n) => n.remove());
    return clone.innerText;
  });
}

/** Numbers with a decimal point ("0.45") on a Spanish page; version strings (4.22.0) and thousands (29.124) are not decimals. */
function dotDecimals(text: string): string[] {
  return [...text.matchAll(/(?<![\d.,])\d+\.(\d{1,2}|\d{4,})(?![\d.])/g)].map((m) => m[0]);
}

/** What a page shows that is not its language: one readable line per finding, named after the page. */
export async function languageProblems(page: Page, name: string, lang: 'es' | 'en', userTexts: string[]): Promise<string[]> {
  const problems: string[] = [];
  const text = userTexts.reduce((all, own) => all.split(own).join(' '), await visibleText(page));
  for (const line of text.split('\n')) {
    const raw = (lang === 'es' ? rawPattern : keyPattern).exec(line);
    if (raw) problems.push(`${name}: raw name "${raw[2]}" in "${line.trim().slice(0, 120)}"`);
  }
  if (lang === 'en') return problems;
  const dots = dotDecimals(text);
  if (dots.length) problems.push(`${name}: decimal points in Spanish: ${dots.slice(0, 5).join(' ')}`);
  if (/\d{1,2}\/\d{1,2}\/\d{4}/.test(text) || /\b(AM|PM)\b/.test(text)) problems.push(`${name}: a date not in the Spanish medium format`);
  return problems;
}
