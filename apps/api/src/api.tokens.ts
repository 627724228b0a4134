// Injection tokens of the api service, declared in one place so every module and provider imports them from here.
// Its configuration and logger are PlatformModule's; the names below are theirs in this app.
import { APP_CONFIG, LOGGER } from '@ioc/platform';

export const API_CONFIG = APP_CONFIG;
export const API_LOGGER = LOGGER;
