import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { client } from './api/client';
import { App } from './App';
import { keepChartLayersOutOfTabOrder } from './charts/chart-focus';
import { initI18n, systemLanguage } from './i18n';
import { applyTheme } from './theme';
import './styles.css';
import './components.css';

async function start() {
  const prefs = await client.call('prefs.get').catch(() => null);
  await initI18n(prefs?.language ?? systemLanguage());
  applyTheme(prefs?.theme ?? 'system');
  const root = document.getElementById('root')!;
  keepChartLayersOutOfTabOrder(root);
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start();
