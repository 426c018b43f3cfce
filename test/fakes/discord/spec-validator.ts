import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';

const SPEC_PATH = fileURLToPath(new URL('../../fixtures/specs/discord-api.openapi.json', import.meta.url));
const SPEC_ID = 'discord-openapi';

export interface SpecViolation {
  instancePath: string;
  message: string;
}

/**
 * Validates REST request bodies against the vendored Discord OpenAPI 3.1 document.
 * The whole document is registered once and operations are looked up by JSON pointer,
 * so `$ref`s inside it resolve without any rewriting. Compiling takes a few hundred ms,
 * hence one shared instance per process, built on first use.
 */
export class DiscordSpecValidator {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor() {
    // strict: false because OpenAPI adds keywords (discriminator, x-discord-union, ...) that
    // are not JSON Schema; they carry no constraints we need.
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    ajvFormats.default(this.ajv);
    this.ajv.addFormat('snowflake', /^(0|[1-9][0-9]{0,19})$/);
    this.ajv.addFormat('nonce', true);
    this.ajv.addFormat('int32', true);
    this.ajv.addFormat('int64', true);
    this.ajv.addSchema(JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as object, SPEC_ID);
  }

  /** Compiles the validators up front so the first request of a test is not slowed by ajv. */
  warmUp(operations: readonly { specPath?: string; method: string }[]): void {
    for (const { specPath, method } of operations) {
      if (specPath !== undefined) this.validatorFor(specPath, method);
    }
  }

  /** Whether the spec describes a JSON body for this operation. */
  hasBody(pathTemplate: string, method: string): boolean {
    return this.validatorFor(pathTemplate, method) !== null;
  }

  /**
   * Returns the violations of `body` for the operation `method pathTemplate`
   * (path in OpenAPI form, e.g. `/channels/{channel_id}/messages`). Empty means valid.
   */
  validate(pathTemplate: string, method: string, body: unknown): SpecViolation[] {
    const validate = this.validatorFor(pathTemplate, method);
    if (validate === null || validate(body)) return [];
    return summarize(validate.errors ?? []);
  }

  private validatorFor(pathTemplate: string, method: string): ValidateFunction | null {
    const key = `${method.toLowerCase()} ${pathTemplate}`;
    const cached = this.compiled.get(key);
    if (cached !== undefined) return cached;
    const pointer =
      `${SPEC_ID}#/paths/${escapePointer(pathTemplate)}/${method.toLowerCase()}` +
      `/requestBody/content/${escapePointer('application/json')}/schema`;
    let validate: ValidateFunction | null;
    try {
      validate = this.ajv.getSchema(pointer) ?? null;
    } catch {
      validate = null;
    }
    this.compiled.set(key, validate);
    return validate;
  }
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * anyOf/oneOf failures list an error for every branch; keeping the deepest ones gives the
 * messages that point at the actual offending field instead of a wall of branch noise.
 */
function summarize(errors: ErrorObject[]): SpecViolation[] {
  const deepest = Math.max(...errors.map((e) => e.instancePath.split('/').length));
  const seen = new Set<string>();
  const result: SpecViolation[] = [];
  for (const error of errors) {
    if (error.instancePath.split('/').length !== deepest) continue;
    const message = `${error.message ?? error.keyword}${formatParams(error)}`;
    const key = `${error.instancePath} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ instancePath: error.instancePath || '/', message });
  }
  return result;
}

function formatParams(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') {
    return ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`;
  }
  return '';
}

let shared: DiscordSpecValidator | undefined;

export function sharedSpecValidator(): DiscordSpecValidator {
  shared ??= new DiscordSpecValidator();
  return shared;
}
