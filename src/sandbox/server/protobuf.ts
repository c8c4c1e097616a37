/**
 * Just enough of the Kubernetes protobuf encoding to read what kubectl's typed clients send
 * as protobuf: the review objects of `kubectl auth can-i` and `kubectl auth whoami`. Other
 * protobuf bodies are refused with 415, as a server without that encoding would.
 */
import { ApiError } from '../status.js';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

type Fields = Map<number, (Buffer | bigint)[]>;

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
    let value: Buffer | bigint;
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

function bytes(fields: Fields, n: number): Buffer | undefined {
  const v = fields.get(n)?.[0];
  return Buffer.isBuffer(v) ? v : undefined;
}

function text(fields: Fields, n: number): string | undefined {
  return bytes(fields, n)?.toString('utf8');
}

function message(fields: Fields, n: number): Fields {
  const b = bytes(fields, n);
  return b ? decodeFields(b) : new Map();
}

function compact(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
}

function meta(fields: Fields): Record<string, string> {
  return compact({
    name: text(fields, 1),
    generateName: text(fields, 2),
    namespace: text(fields, 3),
  });
}

function decodeReview(kind: string, raw: Fields): Record<string, unknown> | undefined {
  const metadata = meta(message(raw, 1));
  const spec = message(raw, 2);
  switch (kind) {
    case 'SelfSubjectAccessReview': {
      const out: Record<string, unknown> = {};
      if (spec.has(1)) {
        const r = message(spec, 1);
        out.resourceAttributes = compact({
          namespace: text(r, 1),
          verb: text(r, 2),
          group: text(r, 3),
          version: text(r, 4),
          resource: text(r, 5),
          subresource: text(r, 6),
          name: text(r, 7),
        });
      }
      if (spec.has(2)) {
        const n = message(spec, 2);
        out.nonResourceAttributes = compact({ path: text(n, 1), verb: text(n, 2) });
      }
      return { metadata, spec: out };
    }
    case 'SelfSubjectRulesReview':
      return { metadata, spec: compact({ namespace: text(spec, 1) }) };
    case 'SelfSubjectReview':
      return { metadata };
    default:
      return undefined;
  }
}

export function isProtobuf(contentType: string): boolean {
  return /^application\/vnd\.kubernetes\.protobuf/i.test(contentType.trim());
}

/** The JSON form of a protobuf-encoded review object; 400 if garbled, 415 if not a review. */
export function decodeProtobufObject(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) {
    throw new ApiError(
      'BadRequest',
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    );
  }
  let kind = '';
  let apiVersion = '';
  let decoded: Record<string, unknown> | undefined;
  try {
    const unknown = decodeFields(body.subarray(4));
    const typeMeta = message(unknown, 1);
    apiVersion = text(typeMeta, 1) ?? '';
    kind = text(typeMeta, 2) ?? '';
    decoded = decodeReview(kind, decodeFields(bytes(unknown, 2) ?? Buffer.alloc(0)));
  } catch (error) {
    throw new ApiError(
      'BadRequest',
      `unable to decode protobuf body: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!decoded) {
    throw new ApiError(
      'UnsupportedMediaType',
      `the sandbox does not accept protobuf for ${kind || 'this object'}; send application/json`,
    );
  }
  return { apiVersion, kind, ...decoded };
}
