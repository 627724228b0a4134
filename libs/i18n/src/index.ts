// One message catalogue for the services and the web app: Vietnamese first, English on
// request. Enum names (`domain`), problem titles (`problems`), the platform's own sentences
// (`translateMessage`) and incident titles; the web app's feature catalogues use the same
// `defineMessages` shape.
export * from './lang';
export * from './catalogue';
export * from './domain.messages';
export * from './problems.messages';
export * from './phrases';
export * from './incident-title';
export * from './columns';
