import { Fragment, type ReactNode } from 'react';

/**
 * A translated sentence whose values are names kept as written (a citation, a licence, a program and its
 * version): each value is set in a span marked translate="no", so neither a page translator nor a reader takes
 * "CC BY 4.0" or "scikit-learn 1.2" for words or numbers of the sentence's language.
 */
export function NamesKept({ text, names }: { text: (marks: Record<string, string>) => string; names: Record<string, string> }): ReactNode {
  const keys = Object.keys(names);
  const marks = Object.fromEntries(keys.map((k, i) => [k, `\u0000${i}\u0000`]));
  return text(marks)
    .split('\u0000')
    .map((part, i) =>
      i % 2 === 1 ? (
        <span key={i} translate="no">
          {names[keys[Number(part)]]}
        </span>
      ) : (
        <Fragment key={i}>{part}</Fragment>
      ),
    );
}
