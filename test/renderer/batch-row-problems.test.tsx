import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { rowProblemText } from '../../renderer/src/phases/deploy/batch/rowProblem';
import { initI18n } from '../../renderer/src/i18n';

beforeAll(() => initI18n('en'));

/** A row problem as the core reports it (test/unit/predict-csv.test.ts checks the core gives these codes). */
const problem = (code: string, params: Record<string, string>) => ({ line: 7, message: 'nuevos.csv line 7: (English)', code, params });

describe('rows the batch prediction could not score, in the UI language', () => {
  it('translates the core’s codes into English and Spanish', async () => {
    const bad = problem('row.not_number', { column: 'edad', value: 'doce' });
    await i18next.changeLanguage('en');
    expect(rowProblemText(i18next.t, bad)).toBe('column “edad”: “doce” is not a number');
    await i18next.changeLanguage('es');
    expect(rowProblemText(i18next.t, bad)).toBe('columna «edad»: «doce» no es un número');
    expect(rowProblemText(i18next.t, problem('row.not_date', { column: 'edad', value: 'ayer' }))).toContain('no es una fecha');
    expect(rowProblemText(i18next.t, problem('row.not_boolean', { column: 'edad', value: 'quizá' }))).toContain('no es un valor sí/no');
    const fields = {
      line: 3,
      message: 'x.csv line 3: no value for column "a", "b" (the row has 1 fields, the header 3)',
      code: 'row.absent_columns',
      params: { columns: 'a, b', count: 2, fields: 1, header: 3 },
    };
    expect(rowProblemText(i18next.t, fields)).toBe('faltan los valores de las columnas a, b (la fila tiene 1 campos; la cabecera, 3)');
    expect(i18next.t('batch:badRow', { line: '7', message: rowProblemText(i18next.t, bad) })).toBe('Línea 7: columna «edad»: «doce» no es un número');
  });

  it('names a column type as the Data phase does', async () => {
    await i18next.changeLanguage('es');
    expect(rowProblemText(i18next.t, problem('row.wrong_kind', { column: 'edad', kind: 'object', type: 'numeric' }))).toBe(
      `columna «edad»: un valor de tipo object no sirve como ${i18next.t('data:type.numeric')}`,
    );
  });

  it('shows a result stored before codes existed with the core’s message, without its file and line', async () => {
    await i18next.changeLanguage('es');
    expect(rowProblemText(i18next.t, { line: 4, message: 'old.csv line 4: column "x": "?" is not a number' })).toBe('column "x": "?" is not a number');
  });
});
