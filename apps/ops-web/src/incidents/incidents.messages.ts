import { defineMessages } from '../i18n/catalogue';

export const incidents = defineMessages({ title: '' }, { title: '' });
