import { Fragment } from 'react';

/**
 * A name such as a column's (petal_length_cm, Height (cm), sensor-3.value) that may wrap only at its spaces
 * and after its own separators (_ - . /), never in the middle of a word; a piece longer than the box is cut
 * with an ellipsis and the full name is on hover.
 */
export function BreakableName({ name, className }: { name: string; className?: string }) {
  const words = name.split(/( +)/);
  return (
    <span className={`breakable-name${className ? ` ${className}` : ''}`} title={name} translate="no">
      {words.map((w, i) => {
        if (/^ +$/.test(w) || w === '') return w;
        const pieces = w.split(/(?<=[_\-./])/);
        return (
          <Fragment key={i}>
            {pieces.map((p, j) => (
              <Fragment key={j}>
                <span>{p}</span>
                {j < pieces.length - 1 && <wbr />}
              </Fragment>
            ))}
          </Fragment>
        );
      })}
    </span>
  );
}
