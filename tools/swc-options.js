// One SWC configuration for the build and for jest, so that what the tests run is
// compiled exactly like what production runs (decorator metadata for Nest DI included).
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function swcOptions({ sourceMaps = true, paths = false } = {}) {
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
      ...(paths
        ? {
            baseUrl: root,
            paths: require('../tsconfig.base.json').compilerOptions.paths,
          }
        : {}),
    },
    module: { type: 'commonjs', strictMode: true },
    sourceMaps,
  };
}

module.exports = { swcOptions, root };
