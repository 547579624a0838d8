import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import hi from './hi.json';

export const LANGUAGES = ['en', 'hi'] as const;
export type AppLanguage = (typeof LANGUAGES)[number];
const STORED = 'samooh.language';

/** Before anyone signs in: the language chosen on this device, else the browser's. */
function initialLanguage(): AppLanguage {
  try {
    const stored = localStorage.getItem(STORED);
    if (stored === 'en' || stored === 'hi') return stored;
  } catch {
    // Storage may be off; the browser's language decides.
  }
  return navigator.language?.toLowerCase().startsWith('hi') ? 'hi' : 'en';
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, hi: { translation: hi } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
  try {
    localStorage.setItem(STORED, language);
  } catch {
    // Not remembered on this device; the account still remembers it.
  }
});
document.documentElement.lang = i18n.language;

export default i18n;
