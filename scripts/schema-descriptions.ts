import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  GraphQLSchema, isEnumType, isInputObjectType, isInterfaceType, isIntrospectionType, isObjectType, isSpecifiedScalarType,
} from 'graphql';
import { loadConfig } from '../libs/config';
import { createParasol } from '../src/bootstrap';

/** The kinds of schema members a caller reads a description on. */
export const DESCRIBED_KINDS = ['types', 'fields', 'args', 'enumValues', 'inputFields'] as const;
export type DescribedKind = (typeof DESCRIBED_KINDS)[number];

export interface KindCoverage {
  total: number;
  described: number;
  /** Schema coordinates without a description: `Brand`, `Query.brand`, `Query.brand(id:)`, `Role.ADMIN`... */
  missing: string[];
}

export type DescriptionCoverage = Record<DescribedKind, KindCoverage>;

// A description of whitespace only says nothing to the reader: it counts as missing.
const said = (description: string | null | undefined): boolean => !!description && description.trim().length > 0;

/**
 * What in the schema has a description and what has none, by kind. GraphQL's own types
 * (String, Boolean, __Schema...) and directives are left out: graphql-js describes them.
 */
export function descriptionCoverage(schema: GraphQLSchema): DescriptionCoverage {
  const coverage = Object.fromEntries(DESCRIBED_KINDS.map((k) => [k, { total: 0, described: 0, missing: [] as string[] }])) as DescriptionCoverage;
  const count = (kind: DescribedKind, coordinate: string, description: string | null | undefined): void => {
    coverage[kind].total += 1;
    if (said(description)) coverage[kind].described += 1;
    else coverage[kind].missing.push(coordinate);
  };
  const types = Object.values(schema.getTypeMap())
    .filter((t) => !isIntrospectionType(t) && !isSpecifiedScalarType(t))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const type of types) {
    count('types', type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        count('fields', `${type.name}.${field.name}`, field.description);
        for (const arg of field.args) count('args', `${type.name}.${field.name}(${arg.name}:)`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) count('inputFields', `${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) count('enumValues', `${type.name}.${value.name}`, value.description);
    }
  }
  return coverage;
}

/** One line per kind: `fields        412/637  64.7%`. */
export function formatCoverage(coverage: DescriptionCoverage): string {
  return DESCRIBED_KINDS.map((kind) => {
    const { total, described } = coverage[kind];
    const percent = total === 0 ? 100 : (100 * described) / total;
    return `${kind.padEnd(12)} ${String(described).padStart(4)}/${String(total).padEnd(4)} ${percent.toFixed(1).padStart(5)}%`;
  }).join('\n');
}

/** The schema the service really serves, booted as scripts/generate-schema does (throw-away embedded database). */
export async function withServedSchema<T>(use: (schema: GraphQLSchema) => Promise<T> | T): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parasol-schema-'));
  try {
    const parasol = await createParasol(loadConfig({ PARASOL_DATA_DIR: dataDir, PARASOL_DEMO: 'false', LOG_LEVEL: 'error' }));
    try {
      await parasol.app.init();
      return await use(parasol.app.get(GraphQLSchemaHost).schema);
    } finally {
      await parasol.close();
    }
  } finally {
    // Also when the boot itself fails: no embedded database is left behind in the temp dir.
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** `node dist/scripts/schema-descriptions.js [--list]`: the coverage of the served schema, and with --list what lacks a description. */
async function main(): Promise<void> {
  const coverage = await withServedSchema(descriptionCoverage);
  console.log(formatCoverage(coverage));
  if (process.argv.includes('--list')) {
    for (const kind of DESCRIBED_KINDS) for (const coordinate of coverage[kind].missing) console.log(`${kind}\t${coordinate}`);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
