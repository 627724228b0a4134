import { defineMessages } from '../i18n/catalogue';

export const devices = defineMessages({ title: '' }, { title: '' });
