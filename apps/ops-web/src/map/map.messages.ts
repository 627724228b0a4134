import { defineMessages } from '../i18n/catalogue';

export const map = defineMessages({ title: '' }, { title: '' });
