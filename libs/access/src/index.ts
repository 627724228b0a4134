export * from './access';
export * from './admin-scope';
export * from './session';
export * from './sign-in-throttle';
