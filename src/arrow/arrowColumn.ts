import {
  Bool, DataType, DateDay, Decimal, Float32, Float64, Int8, Int16, Int32, Int64, List, Field, TimeUnit, Timestamp,
  Uint8, Uint16, Uint32, Uint64, Utf8, makeData, vectorFromArray, type Data,
} from 'apache-arrow';
import type { DuckDBType, DuckDBValue, DuckDBVector } from '@duckdb/node-api';
import { DuckDBTypeId } from '../warehouse/duckdb.js';
import { rawItems, validity } from './duckdbVector.js';

// One Arrow column built from DuckDB vectors, a record batch at a time. Fixed-width types are copied into
// typed arrays (days, microseconds, scaled decimals: exact, no detour through JS Dates or floats); texts
// are written as UTF-8 into one buffer, plain Utf8 (never dictionaries, which some readers mishandle when a
// batch's dictionary changes); lists go through Arrow's builders. A type with no Arrow counterpart here
// (intervals, structs, blobs…) is sent as its text, so that a column is never silently dropped.

export interface ArrowColumn {
  readonly type: DataType;
  /** Adds the first `rows` values of a chunk's vector to the batch being built. */
  append(vector: DuckDBVector, rows: number): void;
  /** The batch's column; the builder starts over. */
  finish(): Data;
}

type TypedArray = Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array | BigInt64Array | BigUint64Array;
interface FixedSpec<A extends TypedArray> {
  type: DataType;
  array: new (length: number) => A;
  /** Values per row (4 × 32 bits for a 128-bit decimal). */
  width?: number;
  /** When DuckDB's own array has this layout, it is copied as is. */
  direct?: boolean;
  put(out: A, row: number, value: DuckDBValue): void;
}

export function arrowColumn(type: DuckDBType): ArrowColumn {
  const num = (v: DuckDBValue) => v as number;
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN: return viaBuilder(new Bool(), (v) => v as boolean);
    case DuckDBTypeId.TINYINT: return fixed({ type: new Int8(), array: Int8Array, direct: true, put: (o, i, v) => { o[i] = num(v); } });
    case DuckDBTypeId.SMALLINT: return fixed({ type: new Int16(), array: Int16Array, direct: true, put: (o, i, v) => { o[i] = num(v); } });
    case DuckDBTypeId.INTEGER: return fixed({ type: new Int32(), array: Int32Array, direct: true, put: (o, i, v) => { o[i] = num(v); } });
    case DuckDBTypeId.UTINYINT: return fixed({ type: new Uint8(), array: Uint8Array, direct: true, put: (o, i, v) => { o[i] = num(v); } });
    case DuckDBTypeId.USMALLINT: return fixed({ type: new Uint16(), array: Uint16Array, direct: true, put: (o, i, v) => { o[i] = num(v); } });
    case DuckDBTypeId.UINTEGER: return fixed({ type: new Uint32(), array: Uint32Array, direct: true, put: (o, i, v) => { o[i] = num(v); } });
    case DuckDBTypeId.BIGINT: return fixed({ type: new Int64(), array: BigInt64Array, direct: true, put: (o, i, v) => { o[i] = v as bigint; } });
    case DuckDBTypeId.UBIGINT: return fixed({ type: new Uint64(), array: BigUint64Array, direct: true, put: (o, i, v) => { o[i] = v as bigint; } });
    case DuckDBTypeId.FLOAT: return fixed({ type: new Float32(), array: Float32Array, direct: true, put: (o, i, v) => { o[i] = num(v); } });
    case DuckDBTypeId.DOUBLE: return fixed({ type: new Float64(), array: Float64Array, direct: true, put: (o, i, v) => { o[i] = num(v); } });
    // DuckDB's DATE is days since 1970-01-01 in 32 bits, Arrow's DateDay the same.
    case DuckDBTypeId.DATE: return fixed({ type: new DateDay(), array: Int32Array, direct: true, put: (o, i, v) => { o[i] = (v as { days: number }).days; } });
    case DuckDBTypeId.TIMESTAMP: return timestamp(TimeUnit.MICROSECOND, (v) => (v as { micros: bigint }).micros);
    case DuckDBTypeId.TIMESTAMP_TZ: return timestamp(TimeUnit.MICROSECOND, (v) => (v as { micros: bigint }).micros, 'UTC');
    case DuckDBTypeId.TIMESTAMP_MS: return timestamp(TimeUnit.MILLISECOND, (v) => (v as { millis: bigint }).millis);
    case DuckDBTypeId.TIMESTAMP_S: return timestamp(TimeUnit.SECOND, (v) => (v as { seconds: bigint }).seconds);
    case DuckDBTypeId.TIMESTAMP_NS: return timestamp(TimeUnit.NANOSECOND, (v) => (v as { nanos: bigint }).nanos);
    case DuckDBTypeId.DECIMAL: return decimal(type.width, type.scale, (v) => (v as { value: bigint }).value);
    case DuckDBTypeId.HUGEINT: return decimal(38, 0, (v) => v as bigint);
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.ENUM: return utf8();
    case DuckDBTypeId.LIST: {
      const item = arrowColumn(type.valueType);
      const convert = listItemOf(type.valueType);
      return viaBuilder(new List(new Field('item', item.type, true)), (v) => (v as { items: readonly DuckDBValue[] }).items.map((x) => (x === null ? null : convert(x))));
    }
    default: return viaBuilder(new Utf8(), (v) => String(v));
  }
}

/** The JS value Arrow's builders take for an item of a list. */
function listItemOf(type: DuckDBType): (value: DuckDBValue) => unknown {
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR: case DuckDBTypeId.ENUM: case DuckDBTypeId.BOOLEAN: case DuckDBTypeId.TINYINT: case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER: case DuckDBTypeId.UTINYINT: case DuckDBTypeId.USMALLINT: case DuckDBTypeId.UINTEGER: case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE: case DuckDBTypeId.BIGINT: case DuckDBTypeId.UBIGINT:
      return (v) => v;
    default: throw new Error(`invalid list item type for Arrow: ${type.toString()}`);
  }
}

/** A growing null bitmap (Arrow: bit i of byte i/8, least significant first; 1 = valid). */
class Nulls {
  bits = new Uint8Array(256);
  count = 0;
  push(row: number, valid: boolean): void {
    if (row >> 3 >= this.bits.length) {
      const grown = new Uint8Array(this.bits.length * 2);
      grown.set(this.bits);
      this.bits = grown;
    }
    if (valid) this.bits[row >> 3]! |= 1 << (row & 7);
    else this.count++;
  }
  take(length: number): { nullCount: number; nullBitmap?: Uint8Array } {
    const out = this.count ? { nullCount: this.count, nullBitmap: this.bits.slice(0, (length + 7) >> 3) } : { nullCount: 0 };
    this.bits = new Uint8Array(256);
    this.count = 0;
    return out;
  }
}

function fixed<A extends TypedArray>(spec: FixedSpec<A>): ArrowColumn {
  const width = spec.width ?? 1;
  let pieces: A[] = [];
  let length = 0;
  const nulls = new Nulls();
  return {
    type: spec.type,
    append(vector, rows) {
      const valid = validity(vector, rows);
      const items = spec.direct ? rawItems(vector, spec.array as never) as A | undefined : undefined;
      let piece: A;
      if (items && items.length >= rows) piece = items.slice(0, rows) as A;
      else {
        piece = new spec.array(rows * width);
        for (let r = 0; r < rows; r++) {
          const value = vector.getItem(r);
          if (value !== null) spec.put(piece, r, value);
        }
      }
      for (let r = 0; r < rows; r++) nulls.push(length + r, valid(r));
      pieces.push(piece);
      length += rows;
    },
    finish() {
      const data = new spec.array(length * width);
      let at = 0;
      for (const piece of pieces) {
        (data as { set(a: ArrayLike<number | bigint>, at: number): void }).set(piece as ArrayLike<number | bigint>, at);
        at += piece.length;
      }
      const out = makeData({ type: spec.type, length, ...nulls.take(length), data } as never) as Data;
      pieces = [];
      length = 0;
      return out;
    },
  };
}

function timestamp(unit: TimeUnit, ticks: (value: DuckDBValue) => bigint, timezone?: string): ArrowColumn {
  // TIMESTAMP (µs) is stored as 64-bit ticks by DuckDB too; the other units are converted value by value.
  return fixed({ type: new Timestamp(unit, timezone), array: BigInt64Array, direct: unit === TimeUnit.MICROSECOND, put: (o, i, v) => { o[i] = ticks(v); } });
}

/** 128-bit two's complement little-endian words, as Arrow's Decimal stores them. */
function decimal(precision: number, scale: number, scaled: (value: DuckDBValue) => bigint): ArrowColumn {
  return fixed({
    type: new Decimal(scale, precision, 128),
    array: Uint32Array,
    width: 4,
    put: (o, i, v) => {
      let x = BigInt.asUintN(128, scaled(v));
      for (let w = 0; w < 4; w++) {
        o[i * 4 + w] = Number(x & 0xffffffffn);
        x >>= 32n;
      }
    },
  });
}

/** Texts as UTF-8 into one growing buffer with offsets: no per-value builder work. */
function utf8(): ArrowColumn {
  const type = new Utf8();
  const encoder = new TextEncoder();
  let bytes = new Uint8Array(1 << 16);
  let offsets = new Int32Array(1024);
  let length = 0;
  const nulls = new Nulls();
  return {
    type,
    append(vector, rows) {
      const valid = validity(vector, rows);
      for (let r = 0; r < rows; r++) {
        if (length + 1 >= offsets.length) {
          const grown = new Int32Array(offsets.length * 2);
          grown.set(offsets);
          offsets = grown;
        }
        let end = offsets[length]!;
        const ok = valid(r);
        if (ok) {
          const text = vector.getItem(r) as string;
          // A UTF-16 unit takes at most 3 UTF-8 bytes.
          if (end + text.length * 3 > bytes.length) {
            const grown = new Uint8Array(Math.max(bytes.length * 2, end + text.length * 3));
            grown.set(bytes.subarray(0, end));
            bytes = grown;
          }
          end += encoder.encodeInto(text, bytes.subarray(end)).written;
        }
        nulls.push(length, ok);
        length += 1;
        offsets[length] = end;
      }
    },
    finish() {
      const valueOffsets = offsets.slice(0, length + 1);
      const out = makeData({ type, length, ...nulls.take(length), valueOffsets, data: bytes.slice(0, valueOffsets[length]) });
      offsets = new Int32Array(1024);
      length = 0;
      return out;
    },
  };
}

function viaBuilder(type: DataType, convert: (value: DuckDBValue) => unknown): ArrowColumn {
  let values: unknown[] = [];
  return {
    type,
    append(vector, rows) {
      for (let r = 0; r < rows; r++) {
        const value = vector.getItem(r);
        values.push(value === null ? null : convert(value));
      }
    },
    finish() {
      const vector = vectorFromArray(values, type);
      values = [];
      // A builder may cut one column into several chunks; a batch column is one piece.
      if (vector.data.length !== 1) throw new Error(`invalid Arrow column: ${vector.data.length} chunks`);
      return vector.data[0]!;
    },
  };
}
