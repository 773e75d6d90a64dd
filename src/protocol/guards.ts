// Hand-written runtime guards: each returns null when the value fits, else a reason naming the path, so a
// rejected message can be logged with exactly what was wrong.

export type Guard = (x: unknown, path: string) => string | null;

export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

const show = (x: unknown): string => {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (ArrayBuffer.isView(x)) return x.constructor.name;
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  if (typeof x === 'object') return 'an object';
  return String(x);
};

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x);
}

export const record: Guard = (x, path) => (isRecord(x) ? null : `${path} must be an object, got ${show(x)}`);

export const bool: Guard = (x, path) =>
  typeof x === 'boolean' ? null : `${path} must be true or false, got ${show(x)}`;

export const str: Guard = (x, path) =>
  typeof x === 'string' ? null : `${path} must be a string, got ${show(x)}`;

export function num(opts: { int?: boolean; min?: number; max?: number; minExclusive?: boolean } = {}): Guard {
  return (x, path) => {
    if (typeof x !== 'number' || !Number.isFinite(x))
      return `${path} must be a finite number, got ${show(x)}`;
    if (opts.int && !Number.isInteger(x)) return `${path} must be a whole number, got ${x}`;
    if (opts.min !== undefined && (opts.minExclusive ? x <= opts.min : x < opts.min))
      return `${path} must be ${opts.minExclusive ? 'above' : 'at least'} ${opts.min}, got ${x}`;
    if (opts.max !== undefined && x > opts.max) return `${path} must be at most ${opts.max}, got ${x}`;
    return null;
  };
}

export function oneOf(values: readonly (string | number)[]): Guard {
  return (x, path) =>
    (values as readonly unknown[]).includes(x)
      ? null
      : `${path} must be one of ${values.join(', ')}, got ${show(x)}`;
}

export function either(a: Guard, b: Guard): Guard {
  return (x, path) => {
    const ra = a(x, path);
    return ra === null || b(x, path) === null ? null : ra;
  };
}

/** Float32Array (not a plain array, not Float64Array: the wrong type means the sender is out of date). */
export function f32(length?: number): Guard {
  return (x, path) => {
    if (!(x instanceof Float32Array)) return `${path} must be a Float32Array, got ${show(x)}`;
    if (length !== undefined && x.length !== length)
      return `${path} must hold ${length} values, got ${x.length}`;
    return null;
  };
}

export function i32(length?: number): Guard {
  return (x, path) => {
    if (!(x instanceof Int32Array)) return `${path} must be an Int32Array, got ${show(x)}`;
    if (length !== undefined && x.length !== length)
      return `${path} must hold ${length} values, got ${x.length}`;
    return null;
  };
}

export function u8(length?: number): Guard {
  return (x, path) => {
    if (!(x instanceof Uint8Array)) return `${path} must be a Uint8Array, got ${show(x)}`;
    if (length !== undefined && x.length !== length)
      return `${path} must hold ${length} values, got ${x.length}`;
    return null;
  };
}

export function arrayOf(item: Guard, opts: { min?: number; max?: number } = {}): Guard {
  return (x, path) => {
    if (!Array.isArray(x)) return `${path} must be an array, got ${show(x)}`;
    if (opts.min !== undefined && x.length < opts.min)
      return `${path} needs at least ${opts.min} entries, got ${x.length}`;
    if (opts.max !== undefined && x.length > opts.max)
      return `${path} allows at most ${opts.max} entries, got ${x.length}`;
    for (let i = 0; i < x.length; i++) {
      const r = item(x[i], `${path}[${i}]`);
      if (r) return r;
    }
    return null;
  };
}

/** An object with exactly these required fields (plus `optional` ones); unknown keys are rejected when
 *  `strict`, so a misspelt option is reported instead of silently ignored. */
export function shape(
  required: Record<string, Guard>,
  optional: Record<string, Guard> = {},
  strict = false,
): Guard {
  return (x, path) => {
    if (!isRecord(x)) return `${path} must be an object, got ${show(x)}`;
    for (const [key, g] of Object.entries(required)) {
      if (!(key in x)) return `${path}.${key} is missing`;
      const r = g(x[key], `${path}.${key}`);
      if (r) return r;
    }
    for (const [key, g] of Object.entries(optional)) {
      if (x[key] === undefined) continue;
      const r = g(x[key], `${path}.${key}`);
      if (r) return r;
    }
    if (strict) {
      const unknown = Object.keys(x).find((k) => !(k in required) && !(k in optional));
      if (unknown !== undefined) return `${path}.${unknown} is not a known field`;
    }
    return null;
  };
}
