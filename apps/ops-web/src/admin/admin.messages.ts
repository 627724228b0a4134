import { defineMessages } from '../i18n/catalogue';

export const admin = defineMessages({ title: '' }, { title: '' });
