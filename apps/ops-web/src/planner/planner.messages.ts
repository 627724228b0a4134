import { defineMessages } from '../i18n/catalogue';

export const planner = defineMessages({ title: '' }, { title: '' });
