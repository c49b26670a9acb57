import fc from 'fast-check';

/** The subset of JSON Schema that zod's `toJSONSchema` writes for Quell's request schemas. */
export interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
}

const INT32 = 2 ** 31 - 1;

function stringOf(s: JsonSchema): fc.Arbitrary<string> {
  switch (s.format) {
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl();
  }
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? 200));
    } catch {
      // a pattern JavaScript cannot compile: fall back to plain strings
    }
  }
  const minLength = s.minLength ?? 0;
  return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(s.maxLength ?? 24, 24)) });
}

/** Values that satisfy a request schema (mostly: refinements zod checks in code are not in the schema). */
export function arbitraryOf(s: JsonSchema, defs: Record<string, JsonSchema> = s.$defs ?? {}, depth = 0): fc.Arbitrary<unknown> {
  if (s.$ref) return arbitraryOf(defs[s.$ref.split('/').pop()!] ?? {}, defs, depth + 1);
  if (depth > 6) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const union = s.anyOf ?? s.oneOf;
  if (union?.length) return fc.oneof(...union.map((u) => arbitraryOf(u, defs, depth + 1)));
  if (s.allOf?.length) return arbitraryOf(s.allOf[0], defs, depth + 1);
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((type) => arbitraryOf({ ...s, type }, defs, depth + 1)));
  switch (s.type) {
    case 'string':
      return stringOf(s);
    case 'integer':
      return fc.integer({ min: Math.max(s.minimum ?? -INT32, -INT32), max: Math.min(s.maximum ?? INT32, INT32) });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e9, max: s.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = s.minItems ?? 0;
      return fc.array(arbitraryOf(s.items ?? {}, defs, depth + 1), {
        minLength,
        maxLength: Math.max(minLength, Math.min(s.maxItems ?? 3, 3)),
      });
    }
    case 'object': {
      const props = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, arbitraryOf(v, defs, depth + 1)]));
      return fc.record(props, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

const deep = (levels: number): unknown => (levels === 0 ? 'bottom' : { next: deep(levels - 1) });

/** What a careless or hostile client puts where a value belongs. */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '',
    ' ',
    'x'.repeat(5000),
    "' OR 1=1 --",
    '../../../etc/passwd',
    '1e999',
    '-1',
    '99999999999999999999',
    '2024-13-45T25:61:61Z',
    1e308,
    -1e308,
    2 ** 53,
    -1,
    0,
    1.5,
    true,
    null,
    [],
    {},
    [[[[]]]],
    deep(70),
    { __proto__: { admin: true } },
  ),
  fc.string({ maxLength: 8 }),
  fc.integer(),
);

type Path = (string | number)[];

function pathsOf(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (value && typeof value === 'object') {
    for (const [k, v] of Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value)) pathsOf(v, [...at, k], out);
  }
  return out;
}

function setAt(root: unknown, path: Path, op: 'replace' | 'delete' | 'add', hostileValue: unknown, extraKey: string): unknown {
  if (path.length === 0) {
    if (op === 'add' && root && typeof root === 'object' && !Array.isArray(root)) return { ...root, [extraKey]: hostileValue };
    return hostileValue;
  }
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    if (rest.length === 0 && op === 'delete') copy.splice(head as number, 1);
    else copy[head as number] = setAt(copy[head as number], rest, op, hostileValue, extraKey);
    return copy;
  }
  const copy: Record<string, unknown> = { ...(root as object) };
  if (rest.length === 0 && op === 'delete') {
    delete copy[head];
    return copy;
  }
  copy[head] = setAt(copy[head], rest, op, hostileValue, extraKey);
  return copy;
}

/** A valid value with one part replaced, removed or joined by a hostile one. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      valid,
      fc.nat(),
      fc.constantFrom('replace', 'delete', 'add') as fc.Arbitrary<'replace' | 'delete' | 'add'>,
      hostile,
      fc.constantFrom('extra', '__proto__', 'constructor', 'a\u0000'),
    )
    .map(([value, pick, op, bad, extraKey]) => {
      const paths = pathsOf(value);
      return setAt(value, paths[pick % paths.length], op, bad, extraKey);
    });
}
