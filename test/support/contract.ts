import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';

export interface OpenApiParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: Record<string, unknown>;
}
export interface OpenApiOperation {
  operationId?: string;
  parameters?: OpenApiParameter[];
  requestBody?: unknown;
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }>; $ref?: string }>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown>; securitySchemes?: Record<string, Record<string, unknown>> };
}

/** One real answer of the API, as the contract test saw it. */
export interface Exchange {
  method: string;
  /** The path template of the document, e.g. `/api/v1/incidents/{id}`. */
  path: string;
  status: number;
  contentType: string | undefined;
  body: unknown;
  text: string;
}

export const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const DOC_ID = 'https://quell.dev/openapi.json';

/** Every operation of the document with its method and path template. */
export function operationsOf(doc: OpenApiDocument): { method: string; path: string; op: OpenApiOperation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] })),
  );
}

/**
 * Checks real answers against an OpenAPI 3.1 document with a JSON Schema 2020-12 validator: the
 * status must be documented for the operation, the media type listed for that status, and the body
 * valid against that response's schema (components resolved through the document itself).
 */
export class Contract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });

  constructor(readonly doc: OpenApiDocument) {
    ajvFormats.default(this.ajv);
    this.ajv.addSchema({ ...structuredClone(doc), $id: DOC_ID } as object);
  }

  /** What is wrong with one answer; empty when the document describes it. */
  check(x: Exchange): string[] {
    const where = `${x.method.toUpperCase()} ${x.path} → ${x.status}`;
    const op = this.doc.paths[x.path]?.[x.method];
    if (!op) return [`${where}: the operation is not in the document`];
    const response = op.responses?.[String(x.status)];
    if (!response) return [`${where}: status not documented (documented: ${Object.keys(op.responses ?? {}).join(', ')})`];
    if (!response.content) return x.text === '' ? [] : [`${where}: documented without a body, answered ${x.text.slice(0, 80)}`];
    const mediaType = x.contentType?.split(';')[0].trim();
    if (!mediaType || !response.content[mediaType]) {
      return [`${where}: content type ${mediaType} not documented (documented: ${Object.keys(response.content).join(', ')})`];
    }
    const ref = `${DOC_ID}#/paths/${pointer(x.path)}/${x.method}/responses/${x.status}/content/${pointer(mediaType)}/schema`;
    const validate = this.ajv.getSchema(ref);
    if (!validate) return [`${where}: no schema for ${mediaType}`];
    // JSON lines: the schema describes each line.
    const bodies =
      mediaType === 'application/x-ndjson'
        ? x.text
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as unknown)
        : [x.body];
    return bodies.flatMap((body, i) =>
      validate(body)
        ? []
        : (validate.errors ?? [])
            .slice(0, 5)
            .map(
              (e) =>
                `${where}: ${bodies.length > 1 ? `line ${i + 1} ` : ''}${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`,
            ),
    );
  }
}
