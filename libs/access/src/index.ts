export * from './access';
export * from './admin-scope';
