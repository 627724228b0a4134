// Every visible string of the web app comes from these catalogues: Vietnamese first,
// English switchable (the choice is kept in localStorage). Each feature keeps its own
// messages file ({ vi, en } with the same keys, checked by the compiler) and registers it
// here under its namespace; `t('ns:key')` or `useTranslation('ns')` reads it.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from './common.messages';
import { domain } from '@ioc/i18n';
import { problems } from '@ioc/i18n';
import { map } from '../map/map.messages';
import { incidents } from '../incidents/incidents.messages';
import { overview } from '../overview/overview.messages';
import { devices } from '../devices/devices.messages';
import { gateways } from '../gateways/gateways.messages';
import { planner } from '../planner/planner.messages';
import { admin } from '../admin/admin.messages';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'ioc.lang';

/** Namespaces and their catalogues. A feature adds its `{ vi, en }` here. */
const CATALOGUES = { common, domain, problems, map, incidents, overview, devices, gateways, planner, admin } as const;

export function initialLanguage(): Language {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'vi';
}

export function setLanguage(lang: Language): void {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

const resources = Object.fromEntries(
  LANGUAGES.map((lang) => [lang, Object.fromEntries(Object.entries(CATALOGUES).map(([ns, c]) => [ns, c[lang]]))]),
);

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'vi',
  ns: Object.keys(CATALOGUES),
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

export default i18n;
