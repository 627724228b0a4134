// Entry point: the catalogues, the stylesheets, the runtime configuration from the api,
// then the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'leaflet/dist/leaflet.css';
import './styles.css';
import i18n from './i18n';
import { loadAppConfig } from './app/app-config';
import { App } from './app/App';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
const root = createRoot(container);
document.documentElement.lang = i18n.language;
loadAppConfig()
  .then((config) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  )
  .catch((err: unknown) => {
    root.render(<p className="page-message" role="alert">{`${i18n.t('state.error', { message: String(err) })}`}</p>);
  });
