import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

/**
 * The vendored Spotify OpenAPI 3.0.3 file, turned into something Ajv (JSON Schema draft-07)
 * validates, plus the operation table the fake routes with.
 *
 * Conversion (pragmatic, documented so nobody is surprised):
 * - `nullable: true` becomes a `null` alternative; OpenAPI-only keywords (example, xml,
 *   discriminator, x-*) are dropped.
 * - `oneOf` + `discriminator` (Track | Episode) becomes a dispatch on the discriminator value:
 *   TrackObject has no required keys, so a plain oneOf would match both branches.
 * - A property marked `deprecated: true` is forbidden in responses (a new Development Mode app
 *   does not get it) unless the fake was told to send it (the switch for the legacy
 *   `track`/`tracks` keys), and it is removed from `required` lists (AlbumBase
 *   requires the deprecated `available_markets`).
 * - Known gaps between the file and what Spotify really sends: a playlist entry's `item`
 *   and `track` may be null (unavailable tracks), and a local file's track, album and artists
 *   have `id: null`; those few places are made nullable.
 */

const SPEC_PATH = fileURLToPath(new URL('../../fixtures/specs/spotify-web-api.openapi.yml', import.meta.url));
const SPEC_ID = 'spotify-openapi';
const DEPRECATED_KEYWORD = 'x-deprecated-field';

type Json = Record<string, unknown>;

export interface SpecViolation {
  /** `request` (the client sent something the spec does not allow) or `response` (the fake did). */
  kind: 'request' | 'response';
  method: string;
  path: string;
  /** The operation's template, e.g. `/playlists/{playlist_id}/items`, when one matched. */
  template?: string;
  /** Where: `query.limit`, `body/items/0/uri`, `path`, `response/items/3/item/album`... */
  where: string;
  message: string;
}

export interface SpecParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required: boolean;
  schema: Json;
}

export interface SpecOperation {
  method: string;
  template: string;
  operationId: string;
  deprecated: boolean;
  parameters: SpecParameter[];
  hasBody: boolean;
  bodyRequired: boolean;
  scopes: string[];
  regex: RegExp;
  paramNames: string[];
  literalSegments: number;
}

export interface OperationMatch {
  operation: SpecOperation;
  params: Record<string, string>;
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const DROPPED_KEYS = new Set([
  'description',
  'example',
  'examples',
  'title',
  'xml',
  'externalDocs',
  'discriminator',
]);

export class SpotifySpec {
  readonly raw: Json;
  readonly operations: SpecOperation[];
  readonly scopes: ReadonlySet<string>;
  private readonly converted: Json;
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction | null>();
  private allowedDeprecated = new Set<string>();

  constructor(text: string = readFileSync(SPEC_PATH, 'utf8')) {
    this.raw = parseCached(text);
    this.converted = this.convert(this.raw) as Json;
    this.patchKnownGaps(this.converted);
    this.operations = this.readOperations();
    const flows = (this.raw.components as Json).securitySchemes as Json;
    const scopes = ((((flows.oauth_2_0 as Json).flows as Json).authorizationCode as Json).scopes ??
      {}) as Json;
    this.scopes = new Set(Object.keys(scopes));
    this.ajv = new Ajv({ strict: false, allErrors: true });
    ajvFormats.default(this.ajv);
    for (const format of ['float', 'int32', 'int64', 'double']) this.ajv.addFormat(format, true);
    this.ajv.addKeyword({
      keyword: DEPRECATED_KEYWORD,
      schemaType: 'string',
      errors: false,
      // Called only when the property is present: allowed only if the fake was told to send it.
      validate: (name: string) => this.allowedDeprecated.has(name),
    });
    this.ajv.addSchema(this.converted, SPEC_ID);
  }

  /** The operation for a concrete API path (without the `/v1` prefix), literal paths first. */
  match(method: string, path: string): OperationMatch | undefined {
    const lower = method.toLowerCase();
    for (const operation of this.operations) {
      if (operation.method !== lower) continue;
      const m = operation.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      operation.paramNames.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1]!);
      });
      return { operation, params };
    }
    return undefined;
  }

  /** Whether any method is defined for this path (to tell 404 from 405). */
  templateFor(path: string): string | undefined {
    return this.operations.find((op) => op.regex.test(path))?.template;
  }

  /**
   * Checks the query string against the operation's parameters: unknown names, required ones,
   * types (integers must be integers) and bounds (e.g. `limit` 1..50).
   */
  validateQuery(operation: SpecOperation, query: URLSearchParams): Array<{ where: string; message: string }> {
    const problems: Array<{ where: string; message: string }> = [];
    const declared = new Map(operation.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
    for (const name of new Set(query.keys())) {
      const parameter = declared.get(name);
      if (!parameter) {
        problems.push({
          where: `query.${name}`,
          message: `unknown query parameter "${name}" for ${operation.method.toUpperCase()} ${operation.template}`,
        });
        continue;
      }
      const values = query.getAll(name);
      if (values.length > 1)
        problems.push({
          where: `query.${name}`,
          message: `query parameter "${name}" given ${values.length} times`,
        });
      const value = coerce(values[0]!, parameter.schema);
      const validate = this.compileInline(
        `param ${operation.method} ${operation.template} ${name}`,
        parameter.schema,
      );
      if (!validate(value)) {
        for (const e of validate.errors ?? [])
          problems.push({
            where: `query.${name}`,
            message: `${JSON.stringify(values[0])} ${e.message ?? e.keyword}`,
          });
      }
    }
    for (const parameter of declared.values()) {
      if (parameter.required && !query.has(parameter.name)) {
        problems.push({
          where: `query.${parameter.name}`,
          message: `required query parameter "${parameter.name}" is missing`,
        });
      }
    }
    return problems;
  }

  /** Validates a JSON request body against the operation's `requestBody` schema. */
  validateBody(operation: SpecOperation, body: unknown): Array<{ where: string; message: string }> {
    const validate = this.pointer(
      `#/paths/${escape(operation.template)}/${operation.method}/requestBody/content/${escape('application/json')}/schema`,
    );
    if (!validate || validate(body)) return [];
    return summarize(validate.errors ?? [], 'body');
  }

  /** Validates a response body against the operation's response for `status`, if the spec has one. */
  validateResponse(
    operation: SpecOperation,
    status: number,
    body: unknown,
    allowedDeprecated: Iterable<string> = [],
  ): Array<{ where: string; message: string }> {
    this.allowedDeprecated = new Set(allowedDeprecated);
    const responses = (((this.raw.paths as Json)[operation.template] as Json)[operation.method] as Json)
      .responses as Json;
    let response = responses[String(status)] as Json | undefined;
    let pointer = `#/paths/${escape(operation.template)}/${operation.method}/responses/${status}`;
    if (!response) return [];
    if (typeof response.$ref === 'string') {
      pointer = response.$ref;
      response = resolvePointer(this.raw, response.$ref) as Json;
    }
    const content = response.content as Json | undefined;
    if (!content?.['application/json']) {
      return body === undefined
        ? []
        : [{ where: 'response', message: `the spec describes no JSON body for ${status}` }];
    }
    const validate = this.pointer(`${pointer}/content/${escape('application/json')}/schema`);
    if (!validate || validate(body)) return [];
    return summarize(validate.errors ?? [], 'response');
  }

  private pointer(pointer: string): ValidateFunction | null {
    const cached = this.compiled.get(pointer);
    if (cached !== undefined) return cached;
    let validate: ValidateFunction | null;
    try {
      validate = this.ajv.getSchema(`${SPEC_ID}${pointer}`) ?? null;
    } catch (error) {
      throw new Error(`fake Spotify: cannot compile ${pointer}: ${(error as Error).message}`);
    }
    this.compiled.set(pointer, validate);
    return validate;
  }

  private compileInline(key: string, schema: Json): ValidateFunction {
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const validate = this.ajv.compile(schema);
    this.compiled.set(key, validate);
    return validate;
  }

  private readOperations(): SpecOperation[] {
    const operations: SpecOperation[] = [];
    for (const [template, item] of Object.entries(this.raw.paths as Json)) {
      if (!isObject(item)) continue;
      const shared = (item.parameters as unknown[] | undefined) ?? [];
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'delete', 'patch'].includes(method) || !isObject(op)) continue;
        const parameters = [...shared, ...((op.parameters as unknown[] | undefined) ?? [])].map((p) => {
          const resolved = (
            isObject(p) && typeof p.$ref === 'string' ? resolvePointer(this.raw, p.$ref) : p
          ) as Json;
          return {
            name: resolved.name as string,
            in: resolved.in as SpecParameter['in'],
            required: resolved.required === true,
            schema: this.convert(resolved.schema ?? {}) as Json,
          };
        });
        const paramNames: string[] = [];
        const source = template
          .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
          .replace(/\{([^}]+)\}/g, (_, name: string) => {
            paramNames.push(name);
            return '([^/]+)';
          });
        const requestBody = op.requestBody as Json | undefined;
        const security = (op.security as Json[] | undefined) ?? [];
        operations.push({
          method,
          template,
          operationId: String(op.operationId ?? `${method} ${template}`),
          deprecated: op.deprecated === true,
          parameters,
          hasBody: requestBody !== undefined,
          bodyRequired: requestBody?.required === true,
          scopes: security.flatMap((s) => (s.oauth_2_0 as string[] | undefined) ?? []),
          regex: new RegExp(`^${source}/?$`),
          paramNames,
          literalSegments: template.split('/').filter((s) => s && !s.startsWith('{')).length,
        });
      }
    }
    // Literal segments win: `/me/tracks/contains` before anything with a parameter there.
    return operations.sort((a, b) => b.literalSegments - a.literalSegments);
  }

  private convert(node: unknown): unknown {
    if (Array.isArray(node)) return node.map((n) => this.convert(n));
    if (!isObject(node)) return node;
    const out: Json = {};
    const deprecated = new Set<string>();
    for (const [key, value] of Object.entries(node)) {
      if (DROPPED_KEYS.has(key) || key.startsWith('x-') || key === 'nullable' || key === 'deprecated')
        continue;
      if (key === 'required') continue;
      if (key === 'properties' && isObject(value)) {
        const properties: Json = {};
        for (const [name, schema] of Object.entries(value)) {
          if (isObject(schema) && schema.deprecated === true) {
            deprecated.add(name);
            properties[name] = { [DEPRECATED_KEYWORD]: name };
          } else {
            properties[name] = this.convert(schema);
          }
        }
        out.properties = properties;
        continue;
      }
      out[key] = this.convert(value);
    }
    if (Array.isArray(node.required))
      out.required = (node.required as string[]).filter((r) => !deprecated.has(r));
    if (Array.isArray(node.oneOf) && isObject(node.discriminator)) {
      const property = node.discriminator.propertyName as string;
      const branches = node.oneOf as Json[];
      delete out.oneOf;
      const values = branches.map((b) => this.discriminatorValue(b, property));
      out.required = [...new Set([...((out.required as string[]) ?? []), property])];
      out.properties = { ...((out.properties as Json) ?? {}), [property]: { enum: values } };
      out.allOf = [
        ...((out.allOf as unknown[]) ?? []),
        ...branches.map((b, i) => ({
          if: { properties: { [property]: { const: values[i] } }, required: [property] },
          then: this.convert(b),
        })),
      ];
    }
    if (node.nullable === true) {
      if (typeof out.type === 'string') {
        out.type = [out.type, 'null'];
        if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
      } else {
        return { anyOf: [out, { type: 'null' }] };
      }
    }
    return out;
  }

  private discriminatorValue(branch: Json, property: string): string {
    const schema = (typeof branch.$ref === 'string' ? resolvePointer(this.raw, branch.$ref) : branch) as Json;
    const direct = (schema.properties as Json | undefined)?.[property] as Json | undefined;
    if (direct && Array.isArray(direct.enum)) return direct.enum[0] as string;
    for (const part of (schema.allOf as Json[] | undefined) ?? []) {
      try {
        return this.discriminatorValue(part, property);
      } catch {
        // keep looking in the next allOf member
      }
    }
    throw new Error(`fake Spotify: no discriminator value for ${JSON.stringify(branch)}`);
  }

  private patchKnownGaps(doc: Json): void {
    const schemas = (doc.components as Json).schemas as Json;
    const nullable = (schema: unknown): Json => ({ anyOf: [schema, { type: 'null' }] });
    const entry = schemas.PlaylistTrackObject as Json;
    const entryProps = entry.properties as Json;
    entryProps.item = nullable(entryProps.item);
    // `track` stays a deprecated-field marker; when allowed, it may be null too (keyword only).
    const idNullable = (name: string): void => {
      const props = ((schemas[name] as Json).properties ?? {}) as Json;
      for (const key of ['id', 'href', 'uri']) if (props[key]) props[key] = { type: ['string', 'null'] };
    };
    idNullable('TrackObject');
    idNullable('SimplifiedArtistObject');
    idNullable('AlbumBase');
    // A local file's album (id null) has none of AlbumBase's catalogue fields; a catalogue
    // album keeps every required field (minus the deprecated ones).
    const albumBase = schemas.AlbumBase as Json;
    const catalogueRequired = albumBase.required;
    albumBase.required = ['name', 'type'];
    albumBase.if = { properties: { id: { type: 'null' } }, required: ['id'] };
    albumBase.else = { required: catalogueRequired };
    // Local files have `album_type: null`, `release_date: null`, `release_date_precision: null`.
    const baseProps = albumBase.properties as Json;
    for (const name of ['album_type', 'release_date', 'release_date_precision'])
      baseProps[name] = nullable(baseProps[name]);
  }
}

/**
 * Parsing the 7,500-line YAML takes seconds on a busy machine and every test process needs it,
 * so the parsed document is cached as JSON in the OS temp directory, keyed by the file's hash.
 */
function parseCached(text: string): Json {
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const cache = join(tmpdir(), `motherlist-spotify-openapi-${hash}.json`);
  try {
    return JSON.parse(readFileSync(cache, 'utf8')) as Json;
  } catch {
    const doc = parseYaml(text) as Json;
    try {
      const partial = `${cache}.${process.pid}.tmp`;
      writeFileSync(partial, JSON.stringify(doc));
      renameSync(partial, cache);
    } catch {
      // a read-only temp directory only costs the parse next time
    }
    return doc;
  }
}

function coerce(value: string, schema: Json): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'integer' || type === 'number') {
    return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  }
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

function escape(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function resolvePointer(doc: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`fake Spotify: external $ref ${ref}`);
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    node = (node as Json)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return node;
}

/** Branch noise from anyOf/if-then is dropped; the deepest errors point at the offending field. */
function summarize(errors: ErrorObject[], root: string): Array<{ where: string; message: string }> {
  const useful = errors.filter(
    (e) =>
      !['if', 'anyOf', 'oneOf', 'allOf'].includes(e.keyword) &&
      !(e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null'),
  );
  const list = useful.length > 0 ? useful : errors;
  const deepest = Math.max(...list.map((e) => e.instancePath.split('/').length));
  const seen = new Set<string>();
  const result: Array<{ where: string; message: string }> = [];
  for (const error of list) {
    if (error.instancePath.split('/').length !== deepest) continue;
    let message = error.message ?? error.keyword;
    if (error.keyword === DEPRECATED_KEYWORD || error.keyword === 'x-deprecated-field') {
      message = 'deprecated field present (a new Development Mode app does not get it)';
    }
    const key = `${error.instancePath} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ where: `${root}${error.instancePath}`, message });
  }
  return result;
}

let shared: SpotifySpec | undefined;

/** One parsed spec per process (parsing and compiling take a few hundred ms). */
export function sharedSpotifySpec(): SpotifySpec {
  shared ??= new SpotifySpec();
  return shared;
}
