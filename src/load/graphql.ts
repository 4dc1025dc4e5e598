import { existsSync, readFileSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import type * as GraphqlLib from 'graphql';
import type { DocumentNode, GraphQLField, GraphQLSchema } from 'graphql';
import type { Blueprint } from '../schema';
import type { BlueprintIssue } from './errors';
import { formatPath } from './errors';
import { closest } from './suggest';
import { locate } from './validate';
import { pathKey, type NodeOrigin } from './yaml';

/*
 * A GraphQL API's schema file (apis.<key>.schema): resolved like a function's code (relative to the blueprint
 * file that writes it), parsed and validated as AppSync would, with AppSync's own scalars and directives
 * known; and its resolvers checked against it: each names a field that exists, every Query and Mutation field
 * has one, a table resolver's field takes the table's key as arguments, and a service resolver's path
 * parameters are arguments of its field.
 */

/**
 * The graphql package, loaded on first use: about 0.1 s that every `blueprint validate` would pay, GraphQL API
 * or not (docs/PERFORMANCE.md).
 */
let lib: { graphql: typeof GraphqlLib; validateSDL: typeof import('graphql/validation/validate').validateSDL } | undefined;
function gql() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  lib ??= { graphql: require('graphql') as typeof GraphqlLib, validateSDL: (require('graphql/validation/validate') as typeof import('graphql/validation/validate')).validateSDL };
  return lib;
}

/** AppSync's scalars and directives: a schema may use them without declaring them. */
const APPSYNC_PRELUDE = `
scalar AWSDate
scalar AWSTime
scalar AWSDateTime
scalar AWSTimestamp
scalar AWSEmail
scalar AWSJSON
scalar AWSURL
scalar AWSPhone
scalar AWSIPAddress
directive @aws_api_key on FIELD_DEFINITION | OBJECT
directive @aws_iam on FIELD_DEFINITION | OBJECT
directive @aws_oidc on FIELD_DEFINITION | OBJECT
directive @aws_lambda on FIELD_DEFINITION | OBJECT
directive @aws_cognito_user_pools(cognito_groups: [String]) on FIELD_DEFINITION | OBJECT
directive @aws_auth(cognito_groups: [String]) on FIELD_DEFINITION
directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION
`;

export interface ParsedGraphqlSchema {
  /** The SDL as written (what AppSync is given). */
  sdl: string;
  schema?: GraphQLSchema;
  /** Syntax and validation errors, each with its line and column in the file. */
  errors: { line: number; col: number; message: string }[];
}

/** Parses and validates a schema file's SDL, AppSync's prelude added where the file does not define the name. */
export function parseGraphqlSchema(sdl: string): ParsedGraphqlSchema {
  const { graphql, validateSDL } = gql();
  const { parse, concatAST, buildASTSchema, GraphQLError } = graphql;
  let document: DocumentNode;
  try {
    document = parse(sdl);
  } catch (e) {
    if (!(e instanceof GraphQLError)) throw e;
    const at = e.locations?.[0] ?? { line: 1, column: 1 };
    return { sdl, errors: [{ line: at.line, col: at.column, message: e.message }] };
  }
  const defined = new Set(document.definitions.flatMap((d) => ('name' in d && d.name ? [d.name.value] : [])));
  const prelude = parse(APPSYNC_PRELUDE);
  const full = concatAST([document, { ...prelude, definitions: prelude.definitions.filter((d) => !('name' in d && d.name && defined.has(d.name.value))) }]);
  const errors = validateSDL(full).map((e) => {
    // A duplicate names the first definition, then the second: the second is the mistake.
    const at = e.locations?.at(-1) ?? { line: 1, column: 1 };
    return { line: at.line, col: at.column, message: e.message };
  });
  if (errors.length) return { sdl, errors };
  const schema = buildASTSchema(full, { assumeValidSDL: true });
  if (!schema.getQueryType()) return { sdl, errors: [{ line: 1, col: 1, message: 'the schema declares no Query type: AppSync needs one' }] };
  return { sdl, schema, errors: [] };
}

const cache = new Map<string, ParsedGraphqlSchema>();

/** A schema file, read and parsed once per process (the design and the checks both read it). */
export function readGraphqlSchema(file: string): ParsedGraphqlSchema {
  let parsed = cache.get(file);
  if (!parsed) cache.set(file, (parsed = parseGraphqlSchema(readFileSync(file, 'utf8'))));
  return parsed;
}

/** The names of a field's arguments, and of the fields of its one input-object argument (a put's `input`). */
export function argumentNamesOf(field: GraphQLField<unknown, unknown>): { args: string[]; input?: { name: string; fields: string[] } } {
  const { getNamedType, isInputObjectType } = gql().graphql;
  const args = field.args.map((a) => a.name);
  const objects = field.args.filter((a) => isInputObjectType(getNamedType(a.type)));
  if (objects.length !== 1) return { args };
  const type = getNamedType(objects[0].type);
  return { args, input: { name: objects[0].name, fields: isInputObjectType(type) ? Object.keys(type.getFields()) : [] } };
}

/** A field returns a list (a query's or scan's items) rather than a page object. */
export function returnsList(field: GraphQLField<unknown, unknown>): boolean {
  const { isListType, isNonNullType } = gql().graphql;
  const t = isNonNullType(field.type) ? field.type.ofType : field.type;
  return isListType(t);
}

/**
 * Rewrites each GraphQL API's schema path to one from the working directory (forward slashes) and checks its
 * SDL and resolvers; every problem is an issue at its line (in the schema file for SDL errors).
 */
export function resolveGraphqlSchemas(bp: Blueprint, origins: Map<string, NodeOrigin>): BlueprintIssue[] {
  const issues: BlueprintIssue[] = [];
  for (const [key, a] of Object.entries(bp.apis ?? {})) {
    if (a.kind !== 'graphql' || a.schema === undefined) continue;
    const path = ['apis', key, 'schema'];
    const at = origins.get(pathKey(path))?.value ?? { file: '', line: 1, col: 1 };
    const resolved = nodePath.normalize(nodePath.isAbsolute(a.schema) ? a.schema : nodePath.join(nodePath.dirname(at.file), a.schema)).split(nodePath.sep).join('/');
    a.schema = resolved;
    if (!existsSync(resolved) || !statSync(resolved).isFile()) {
      issues.push({ ...at, path: formatPath(path), message: `${resolved} ${existsSync(resolved) ? 'is a directory' : 'does not exist'}: write the GraphQL schema file (schema is relative to the blueprint file that writes it)` });
      continue;
    }
    const parsed = readGraphqlSchema(resolved);
    for (const e of parsed.errors) issues.push({ file: resolved, line: e.line, col: e.col, path: formatPath(path), message: e.message });
    if (parsed.schema) issues.push(...checkResolvers(bp, key, parsed.schema, origins));
  }
  return issues;
}

function checkResolvers(bp: Blueprint, key: string, schema: GraphQLSchema, origins: Map<string, NodeOrigin>): BlueprintIssue[] {
  const { isObjectType } = gql().graphql;
  const a = bp.apis![key];
  const issues: BlueprintIssue[] = [];
  const issue = (p: (string | number)[], message: string, where?: 'key') => issues.push({ ...locate(origins, p, where), path: formatPath(p), message });
  const resolvers = a.resolvers ?? {};
  const types = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && !t.name.startsWith('__'));
  for (const [field, r] of Object.entries(resolvers)) {
    const p = ['apis', key, 'resolvers', field];
    const [typeName, fieldName] = field.split('.');
    const type = schema.getType(typeName);
    if (!type || !isObjectType(type)) {
      const guess = closest(typeName, types.map((t) => t.name));
      issue(p, `the schema has no object type ${typeName}${guess ? ` (did you mean "${guess}"?)` : ''}`, 'key');
      continue;
    }
    const f = type.getFields()[fieldName];
    if (!f) {
      const guess = closest(fieldName, Object.keys(type.getFields()));
      issue(p, `${typeName} has no field ${fieldName}${guess ? ` (did you mean "${typeName}.${guess}"?)` : ''}`, 'key');
      continue;
    }
    if (typeof r !== 'string' && 'service' in r) {
      const args = f.args.map((x) => x.name);
      for (const [, param] of r.path.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
        if (args.includes(param)) continue;
        const guess = closest(param, args);
        issue([...p, 'path'], `{${param}} is no argument of ${field}${args.length ? ` (its arguments: ${args.join(', ')}${guess ? `; did you mean {${guess}}?` : ''})` : ', which takes none'}: a path parameter is filled from the field's argument of that name`);
      }
      continue;
    }
    if (typeof r === 'string' || !('table' in r)) continue;
    const store = bp.data?.[r.table];
    if (!store || store.engine !== 'dynamodb') continue; // api-checks.ts says so, at the table
    const keys = [store.partition_key.name, ...(store.sort_key && r.operation !== 'query' ? [store.sort_key.name] : [])];
    if (r.operation === 'scan') continue;
    const { args, input } = argumentNamesOf(f);
    const given = r.operation === 'put' && input ? input.fields : args;
    const missing = keys.filter((k) => !given.includes(k));
    if (missing.length) {
      const where = r.operation === 'put' && input ? `its input argument ${input.name}` : 'its arguments';
      issue([...p, 'operation'], `${r.operation} on table ${r.table} needs ${keys.join(' and ')} (the table's ${r.operation === 'query' ? 'partition key' : 'key'}) among ${where}, which lack ${missing.join(', ')}`);
    }
  }
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!root) continue;
    const unresolved = Object.keys(root.getFields()).filter((f) => resolvers[`${root.name}.${f}`] === undefined);
    if (unresolved.length) {
      issue(['apis', key, a.resolvers ? 'resolvers' : 'schema'], `${unresolved.map((f) => `${root.name}.${f}`).join(', ')} ${unresolved.length > 1 ? 'have' : 'has'} no resolver: ${unresolved.length > 1 ? 'they' : 'it'} would always answer null; add ${unresolved.length > 1 ? 'them' : 'it'} under resolvers (a function, a table and an operation, or a service, a method and a path)`, 'key');
    }
  }
  return issues;
}
