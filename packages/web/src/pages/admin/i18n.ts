import i18n from '../../i18n/index.ts';
import en from './i18n/en.json';
import hi from './i18n/hi.json';

/**
 * The console's texts travel with its own chunk (under the `admin` key of the catalogue),
 * so distributors never download them.
 */
i18n.addResourceBundle('en', 'translation', { admin: en }, true, false);
i18n.addResourceBundle('hi', 'translation', { admin: hi }, true, false);

export const ADMIN_CATALOGUES = { en, hi };
