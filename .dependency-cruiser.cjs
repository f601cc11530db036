// Imports run downwards only (docs: the target layering of issue 14). `npm run lint:deps`.
// Bottom to top; a folder may import its own files and those of a LOWER entry only.
// libs/config reads libs/core's limits, so core sits below it.
const LIBS = [['core'], ['config'], ['database', 'pubsub'], ['auth'], ['policy-engine', 'events', 'observability']];
const FEATURES = [
  ['audit'], ['brands'], ['policies'], ['profiles'], ['brand-console'], ['access'], ['identity'], ['organizations'],
  ['approvals'], ['publishing'], ['posts'], ['inbox'], ['webhooks', 'idempotency'], ['integrations'], ['nodes'], ['demo'], ['observability'],
  ['health', 'retention'],
];

// Paths exempt from the layer rules (none: keep it that way).
const PENDING = [];

const alt = (names) => names.map((n) => n.replace(/[-.]/g, '\\$&')).join('|');

/** For each layer, a rule: nothing in it imports the same layer's siblings or anything above. */
function layerRules(root, layers) {
  return layers.map((layer, i) => {
    const higher = layers.slice(i).flat();
    return {
      name: `layers-${root.replace('/', '')}-${layer.join('-')}`,
      comment: `${layer.join(', ')} may import only lower layers (${root}): ${layers.slice(0, i).flat().join(', ') || 'none'}`,
      severity: 'error',
      from: { path: `^${root}(${alt(layer)})/`, pathNot: PENDING },
      to: { path: `^${root}(${alt(higher)})/`, pathNot: [`^${root}$1/`, ...PENDING] },
    };
  });
}

module.exports = {
  forbidden: [
    {
      name: 'libs-not-to-app',
      comment: 'libs/ is below every feature: it never imports src/ or test/',
      severity: 'error',
      from: { path: '^libs/', pathNot: PENDING },
      to: { path: '^(src|test)/' },
    },
    {
      name: 'features-not-to-app-root',
      comment: 'a feature never imports the app root (app.module, bootstrap, entities, workers)',
      severity: 'error',
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/[^/]+\\.ts$' },
    },
    {
      name: 'features-through-index',
      comment: "another feature is imported only through its public face, src/<feature>/index.ts",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'app-root-through-index',
      comment: 'the app root (app.module, bootstrap, entities, workers) imports features through their index.ts',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$' },
      to: { path: '^src/[^/]+/', pathNot: '^src/[^/]+/index\\.ts$' },
    },
    ...layerRules('libs/', LIBS),
    ...layerRules('src/', FEATURES),
    {
      name: 'no-circular',
      comment: 'files that import each other in a loop',
      severity: 'error',
      from: { pathNot: PENDING },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
