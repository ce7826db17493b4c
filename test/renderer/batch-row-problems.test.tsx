import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { CellError, matcherFor, readCell } from '../../electron/core/datasets/cells';
import { rowProblemText } from '../../renderer/src/phases/deploy/batch/rowProblem';
import { initI18n } from '../../renderer/src/i18n';

beforeAll(() => initI18n('en'));

/** What the core's cell reader says about a value that does not fit: the code and params the screen gets. */
function problem(value: string, type: 'numeric' | 'datetime' | 'boolean') {
  try {
    readCell(value, { name: 'edad', type, missingTokens: [] }, matcherFor([]));
  } catch (err) {
    const e = err as CellError;
    return { line: 7, message: `nuevos.csv line 7: ${e.message}`, code: e.code, params: e.params };
  }
  throw new Error('the value was read');
}

describe('rows the batch prediction could not score, in the UI language', () => {
  it('translates the core’s codes into English and Spanish', async () => {
    const bad = problem('doce', 'numeric');
    expect(bad).toMatchObject({ code: 'row.not_number', params: { column: 'edad', value: 'doce' } });
    await i18next.changeLanguage('en');
    expect(rowProblemText(i18next.t, bad)).toBe('column “edad”: “doce” is not a number');
    await i18next.changeLanguage('es');
    expect(rowProblemText(i18next.t, bad)).toBe('columna «edad»: «doce» no es un número');
    expect(rowProblemText(i18next.t, problem('ayer', 'datetime'))).toContain('no es una fecha');
    expect(rowProblemText(i18next.t, problem('quizá', 'boolean'))).toContain('no es un valor sí/no');
    const fields = { line: 3, message: 'x.csv line 3: no value for column "a", "b" (the row has 1 fields, the header 3)', code: 'row.absent_columns', params: { columns: 'a, b', count: 2, fields: 1, header: 3 } };
    expect(rowProblemText(i18next.t, fields)).toBe('faltan los valores de las columnas a, b (la fila tiene 1 campos; la cabecera, 3)');
    expect(i18next.t('batch:badRow', { line: '7', message: rowProblemText(i18next.t, bad) })).toBe('Línea 7: columna «edad»: «doce» no es un número');
  });

  it('shows a result stored before codes existed with the core’s message, without its file and line', async () => {
    await i18next.changeLanguage('es');
    expect(rowProblemText(i18next.t, { line: 4, message: 'old.csv line 4: column "x": "?" is not a number' })).toBe('column "x": "?" is not a number');
  });
});
