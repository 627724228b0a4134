import { defineMessages } from '../i18n/catalogue';

export const gateways = defineMessages({ title: '' }, { title: '' });
