/**
 * Just enough of the Kubernetes protobuf encoding to read what kubectl's typed clients send
 * as protobuf (the review objects of `kubectl auth`, and the objects of `kubectl create
 * <kind>`): the "k8s\0" envelope, then a schema-driven decode (protobuf-schema.ts). A field
 * the schema does not know is refused with 415 when it carries a value, so nothing a client
 * sent is silently dropped; Go's always-written zero values are skipped.
 */
import { ApiError } from '../status.js';
import { KIND_SCHEMAS } from './protobuf-kinds.js';
import type { FieldDef, MessageSchema } from './protobuf-schema.js';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

type Value = Buffer | bigint;
type Fields = Map<number, Value[]>;

class Unsupported extends Error {}

function varint(buf: Buffer, at: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = at; i < buf.length && i < at + 10; i++) {
    const byte = buf[i] ?? 0;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, i + 1];
    shift += 7n;
  }
  throw new Error('truncated varint');
}

/** Splits one message into its fields (wire types 0, 1, 2 and 5). */
export function decodeFields(buf: Buffer): Fields {
  const fields: Fields = new Map();
  let at = 0;
  while (at < buf.length) {
    const [tag, next] = varint(buf, at);
    at = next;
    const field = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    let value: Value;
    if (wire === 0) {
      [value, at] = varint(buf, at);
    } else if (wire === 2) {
      const [length, start] = varint(buf, at);
      const end = start + Number(length);
      if (end > buf.length) throw new Error('truncated field');
      value = buf.subarray(start, end);
      at = end;
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (at + size > buf.length) throw new Error('truncated field');
      value = buf.subarray(at, at + size);
      at += size;
    } else {
      throw new Error(`unsupported wire type ${wire}`);
    }
    const list = fields.get(field) ?? [];
    list.push(value);
    fields.set(field, list);
  }
  return fields;
}

function asBytes(value: Value | undefined, path: string): Buffer {
  if (value === undefined) return Buffer.alloc(0);
  if (!Buffer.isBuffer(value)) throw new Error(`${path}: expected a length-delimited field`);
  return value;
}

function asInt(value: Value, path: string): bigint {
  if (typeof value !== 'bigint') throw new Error(`${path}: expected a varint`);
  return BigInt.asIntN(64, value);
}

function mapEntries(
  values: Value[],
  path: string,
  decodeValue: (v: Value | undefined) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of values) {
    const entry = decodeFields(asBytes(v, path));
    out[asBytes(entry.get(1)?.[0], path).toString('utf8')] = decodeValue(entry.get(2)?.[0]);
  }
  return out;
}

function quantity(value: Value | undefined, path: string): string {
  return asBytes(decodeFields(asBytes(value, path)).get(1)?.[0], path).toString('utf8');
}

function decodeOne(def: FieldDef, value: Value, path: string): unknown {
  switch (def.kind) {
    case 's':
      return asBytes(value, path).toString('utf8');
    case 'i':
      return Number(asInt(value, path));
    case 'b':
      return asInt(value, path) !== 0n;
    case 'y':
      return asBytes(value, path).toString('base64');
    case 'm':
      return decodeMessage(asBytes(value, path), def.schema?.() ?? {}, path);
    case 'q':
      return quantity(value, path);
    case 't': {
      const time = decodeFields(asBytes(value, path));
      const seconds = time.get(1)?.[0];
      if (seconds === undefined || asInt(seconds, path) === 0n) return undefined;
      return new Date(Number(asInt(seconds, path)) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    case 'io': {
      const io = decodeFields(asBytes(value, path));
      const type = io.get(1)?.[0];
      if (type !== undefined && asInt(type, path) === 1n)
        return asBytes(io.get(3)?.[0], path).toString('utf8');
      const int = io.get(2)?.[0];
      return int === undefined ? 0 : Number(asInt(int, path));
    }
    default:
      return undefined;
  }
}

function isZero(value: unknown): boolean {
  return value === undefined || value === '' || value === 0 || value === false;
}

function decodeMessage(buf: Buffer, schema: MessageSchema, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [number, values] of decodeFields(buf)) {
    const def = schema[number];
    const where = `${path}.${def?.name ?? `#${number}`}`;
    if (!def) {
      // Go writes zero values of non-pointer fields; only a field with content is a problem.
      const empty = values.every((v) => (Buffer.isBuffer(v) ? v.length === 0 : v === 0n));
      if (!empty) throw new Unsupported(where);
      continue;
    }
    if (def.kind === 'skip') continue;
    if (def.kind === 'inline') {
      for (const v of values)
        Object.assign(out, decodeMessage(asBytes(v, where), def.schema?.() ?? {}, where));
      continue;
    }
    if (def.kind === 'map-s')
      out[def.name] = mapEntries(values, where, (v) => asBytes(v, where).toString('utf8'));
    else if (def.kind === 'map-y')
      out[def.name] = mapEntries(values, where, (v) => asBytes(v, where).toString('base64'));
    else if (def.kind === 'map-q')
      out[def.name] = mapEntries(values, where, (v) => quantity(v, where));
    else if (def.repeated) out[def.name] = values.map((v) => decodeOne(def, v, where));
    else {
      const value = decodeOne(def, values[values.length - 1] as Value, where);
      if (!isZero(value) || (def.keepZero && value !== undefined)) out[def.name] = value;
    }
  }
  return out;
}

export function isProtobuf(contentType: string): boolean {
  return /^application\/vnd\.kubernetes\.protobuf/i.test(contentType.trim());
}

/** The JSON form of a protobuf-encoded object; 400 if garbled, 415 if the sandbox cannot read it. */
export function decodeProtobufObject(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) {
    throw new ApiError(
      'BadRequest',
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    );
  }
  let kind = '';
  try {
    const unknown = decodeFields(body.subarray(4));
    const typeMeta = decodeFields(asBytes(unknown.get(1)?.[0], 'typeMeta'));
    const apiVersion = asBytes(typeMeta.get(1)?.[0], 'apiVersion').toString('utf8');
    kind = asBytes(typeMeta.get(2)?.[0], 'kind').toString('utf8');
    const schema = KIND_SCHEMAS[`${apiVersion} ${kind}`] ?? KIND_SCHEMAS[kind];
    if (!schema) throw new Unsupported(kind);
    return {
      apiVersion,
      kind,
      ...decodeMessage(asBytes(unknown.get(2)?.[0], 'raw'), schema, kind),
    };
  } catch (error) {
    if (error instanceof Unsupported) {
      throw new ApiError(
        'UnsupportedMediaType',
        `the sandbox cannot read ${error.message || kind} from protobuf; send application/json`,
      );
    }
    throw new ApiError(
      'BadRequest',
      `unable to decode protobuf body: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
