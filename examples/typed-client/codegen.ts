import type { CodegenConfig } from '@graphql-codegen/cli';

// Types come from the repository's committed schema.gql (what CI checks against the code), so
// the example needs no running service to build, and a schema change that breaks one of its
// operations fails the type-check. src/gql/ is generated (gitignored): `npm run codegen`.
const config: CodegenConfig = {
  schema: '../../schema.gql',
  documents: ['src/**/*.ts', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      config: {
        // Strings on the wire; plain fetch needs no GraphQL runtime to send them.
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string', JSONObject: 'Record<string, unknown>' },
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
