import * as pg from 'pg';

// pg's own conversion of a JavaScript value to the text it sends for a parameter (not in its typings).
const { prepareValue } = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils;
const { escapeLiteral } = pg;

/** A parameter PostgreSQL cannot take as text (a NUL character): the same refusal the server gives. */
export class UnsendableParameterError extends Error {
  /** SQLSTATE character_not_in_repertoire, which the server answers for a NUL in text. */
  readonly code = '22021';
  constructor(position: number) {
    super(`Parameter $${position} contains a NUL character, which PostgreSQL text cannot hold`);
    this.name = 'UnsendableParameterError';
  }
}

/**
 * A parameter as an SQL literal with the same meaning as the bound parameter: pg binds every
 * parameter as text of unknown type, and an untyped quoted literal is resolved by its
 * context the same way; NULL stays NULL. The text is pg's own (dates, arrays, JSON, buffers).
 */
export function literal(value: unknown, position = 0): string {
  const prepared = prepareValue(value);
  if (prepared === null || prepared === undefined) return 'NULL';
  const text = Buffer.isBuffer(prepared) ? `\\x${prepared.toString('hex')}` : String(prepared);
  if (text.includes('\0')) throw new UnsendableParameterError(position);
  return escapeLiteral(text);
}

/** A statement cut at its placeholders: text, then the position of a parameter, and so on. */
type Template = (string | number)[];

/** Statements come from a few hundred places in the code: each is cut up once. */
const templates = new Map<string, Template>();
const MAX_TEMPLATES = 1_000;

/**
 * `sql` with its `$n` placeholders replaced by the literals of `parameters`, so that several
 * statements can travel in one simple-protocol message (one round trip). Placeholders inside
 * quoted strings, quoted identifiers, dollar-quoted bodies and comments are left alone.
 */
export function inlineParameters(sql: string, parameters: readonly unknown[]): string {
  const template = templateOf(sql);
  const literals: (string | undefined)[] = [];
  let out = '';
  for (const part of template) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    if (part > parameters.length) throw new RangeError(`The statement uses $${part} but has ${parameters.length} parameters`);
    out += literals[part] ??= literal(parameters[part - 1], part);
  }
  return out;
}

/**
 * The literals of `parameters` as the argument list of an `EXECUTE` of `sql` prepared with
 * `PREPARE`: `('a', 2)`, or nothing when `sql` has no placeholders. The list has as many
 * values as the highest placeholder of `sql`, as EXECUTE requires.
 */
export function executeArguments(sql: string, parameters: readonly unknown[]): string {
  let highest = 0;
  for (const part of templateOf(sql)) if (typeof part === 'number' && part > highest) highest = part;
  if (highest > parameters.length) throw new RangeError(`The statement uses $${highest} but has ${parameters.length} parameters`);
  if (highest === 0) return '';
  const values: string[] = [];
  for (let i = 0; i < highest; i++) values.push(literal(parameters[i], i + 1));
  return `(${values.join(', ')})`;
}

function templateOf(sql: string): Template {
  let template = templates.get(sql);
  if (!template) {
    template = cut(sql);
    if (templates.size >= MAX_TEMPLATES) templates.clear();
    templates.set(sql, template);
  }
  return template;
}

function cut(sql: string): Template {
  const template: Template = [];
  let text = '';
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    let end = i + 1;
    if (c === "'") {
      // Standard string ('' escapes a quote); an E'' string also escapes with backslashes.
      const escapes = i > 0 && /[eE]/.test(sql[i - 1]) && !/[\w$]/.test(sql[i - 2] ?? '');
      while (end < n) {
        if (escapes && sql[end] === '\\') end += 2;
        else if (sql[end] === "'" && sql[end + 1] === "'") end += 2;
        else if (sql[end] === "'") break;
        else end += 1;
      }
      end += 1;
    } else if (c === '"') {
      end = sql.indexOf('"', i + 1);
      end = end < 0 ? n : end + 1;
    } else if (c === '-' && next === '-') {
      end = sql.indexOf('\n', i);
      end = end < 0 ? n : end + 1;
    } else if (c === '/' && next === '*') {
      end = sql.indexOf('*/', i + 2);
      end = end < 0 ? n : end + 2;
    } else if (c === '$' && /\d/.test(next ?? '') && !/[\w$]/.test(sql[i - 1] ?? '')) {
      while (end < n && /\d/.test(sql[end])) end += 1;
      const position = Number(sql.slice(i + 1, end));
      if (position < 1) throw new RangeError(`The statement uses $${position}: placeholders start at $1`);
      template.push(text, position);
      text = '';
      i = end;
      continue;
    } else if (c === '$') {
      // A dollar-quoted body: $$...$$ or $tag$...$tag$.
      const tag = /^\$[A-Za-z_]?\w*\$/.exec(sql.slice(i));
      if (tag && !/[\w$]/.test(sql[i - 1] ?? '')) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        end = close < 0 ? n : close + tag[0].length;
      }
    }
    text += sql.slice(i, end);
    i = end;
  }
  template.push(text);
  return template;
}
