import { act } from 'react';
import { createRoot } from 'react-dom/client';
import i18next from 'i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Column } from '../../shared/schemas/dataset';
import { initI18n } from '../../renderer/src/i18n';
import { PrepCells } from '../../renderer/src/phases/data/PrepCells';
import { prepChange, prepDraftOf, useSchemaDraft } from '../../renderer/src/phases/data/schemaDraft';
import { rowProblemText } from '../../renderer/src/phases/deploy/batch/rowProblem';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

beforeAll(() => initI18n('es'));
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const fecha: Column = { name: 'fecha', type: 'datetime', role: 'feature', missing: 0, dateHandling: 'parts', dateOrder: 'dmy' };

describe('the date order in the Data phase', () => {
  it('the date cell has a select for the order, labelled with examples, in Spanish', async () => {
    await i18next.changeLanguage('es');
    const host = document.createElement('tr');
    const root = createRoot(host);
    const prep = prepDraftOf(fecha);
    act(() => root.render(<PrepCells column="fecha" type="datetime" role="feature" prep={prep} stored={prep} editable onPrep={() => {}} />));
    cleanups.push(() => act(() => root.unmount()));
    const select = host.querySelector('[data-testid="date-order-fecha"]') as HTMLSelectElement;
    expect(select.value).toBe('dmy');
    expect([...select.options].map((o) => o.textContent)).toEqual(['2024-12-31 (año-mes-día)', '31/12/2024 (día/mes/año)', '12/31/2024 (mes/día/año)']);
  });

  it('a changed order is sent, an unchanged one is not', () => {
    let latest: ReturnType<typeof useSchemaDraft> | undefined;
    function Probe() {
      latest = useSchemaDraft([fecha]);
      return null;
    }
    const root = createRoot(document.createElement('div'));
    act(() => root.render(<Probe />));
    cleanups.push(() => act(() => root.unmount()));
    expect(latest!.change.prep).toEqual({});
    act(() => latest!.setPrep('fecha', { dateOrder: 'mdy' }));
    expect(latest!.change.prep).toEqual({ fecha: { dateOrder: 'mdy' } });
    expect(prepChange(fecha, prepDraftOf(fecha))).toBeNull();
  });

  it('a date that does not read in its order is explained in both languages', async () => {
    const problem = { line: 3, message: '(English)', code: 'row.not_date_dmy', params: { column: 'fecha', value: '12/31/1970' } };
    await i18next.changeLanguage('es');
    expect(rowProblemText(i18next.t, problem)).toBe('columna «fecha»: «12/31/1970» no es una fecha con el día primero (como 31/12/2024 o 31/12/2024 14:05, o 2024-12-31)');
    await i18next.changeLanguage('en');
    expect(rowProblemText(i18next.t, problem)).toContain('is not a day-first date');
  });
});
