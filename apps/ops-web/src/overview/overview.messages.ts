import { defineMessages } from '../i18n/catalogue';

export const overview = defineMessages({ title: '' }, { title: '' });
