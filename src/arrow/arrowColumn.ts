import {
  Bool, DataType, DateDay, Decimal, Float32, Float64, Int8, Int16, Int32, Int64, List, Field, TimeUnit, Timestamp,
  Uint8, Uint16, Uint32, Uint64, Utf8, makeData, vectorFromArray, type Data,
} from 'apache-arrow';
import { DuckDBTypeId, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';

// One Arrow column built from DuckDB values, a record batch at a time. Fixed-width types are written
// straight into typed arrays (days, microseconds, scaled decimals: exact, no detour through JS Dates or
// floats); texts and lists go through Arrow's builders as plain Utf8 (never dictionaries, which some
// readers mishandle when a batch's dictionary changes). A type with no Arrow counterpart here (intervals,
// structs, blobs…) is sent as its text, so that a column is never silently dropped.

export interface ArrowColumn {
  readonly type: DataType;
  /** Values of one batch, in DuckDB's JS form (`vector.getItem`), to a column of that batch. */
  build(values: readonly DuckDBValue[]): Data;
}

type Fixed = { type: DataType; array: (n: number) => Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array | BigInt64Array | BigUint64Array; width?: number; put: (out: never, i: number, value: never) => void };

const number = (n: unknown) => n as number;

export function arrowColumn(type: DuckDBType): ArrowColumn {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN: return viaBuilder(new Bool(), (v) => v as boolean);
    case DuckDBTypeId.TINYINT: return fixed({ type: new Int8(), array: (n) => new Int8Array(n), put: (o: Int8Array, i, v) => { o[i] = number(v); } });
    case DuckDBTypeId.SMALLINT: return fixed({ type: new Int16(), array: (n) => new Int16Array(n), put: (o: Int16Array, i, v) => { o[i] = number(v); } });
    case DuckDBTypeId.INTEGER: return fixed({ type: new Int32(), array: (n) => new Int32Array(n), put: (o: Int32Array, i, v) => { o[i] = number(v); } });
    case DuckDBTypeId.UTINYINT: return fixed({ type: new Uint8(), array: (n) => new Uint8Array(n), put: (o: Uint8Array, i, v) => { o[i] = number(v); } });
    case DuckDBTypeId.USMALLINT: return fixed({ type: new Uint16(), array: (n) => new Uint16Array(n), put: (o: Uint16Array, i, v) => { o[i] = number(v); } });
    case DuckDBTypeId.UINTEGER: return fixed({ type: new Uint32(), array: (n) => new Uint32Array(n), put: (o: Uint32Array, i, v) => { o[i] = number(v); } });
    case DuckDBTypeId.BIGINT: return fixed({ type: new Int64(), array: (n) => new BigInt64Array(n), put: (o: BigInt64Array, i, v: bigint) => { o[i] = v; } });
    case DuckDBTypeId.UBIGINT: return fixed({ type: new Uint64(), array: (n) => new BigUint64Array(n), put: (o: BigUint64Array, i, v: bigint) => { o[i] = v; } });
    case DuckDBTypeId.FLOAT: return fixed({ type: new Float32(), array: (n) => new Float32Array(n), put: (o: Float32Array, i, v) => { o[i] = number(v); } });
    case DuckDBTypeId.DOUBLE: return fixed({ type: new Float64(), array: (n) => new Float64Array(n), put: (o: Float64Array, i, v) => { o[i] = number(v); } });
    case DuckDBTypeId.DATE: return fixed({ type: new DateDay(), array: (n) => new Int32Array(n), put: (o: Int32Array, i, v: { days: number }) => { o[i] = v.days; } });
    case DuckDBTypeId.TIMESTAMP: return timestamp(TimeUnit.MICROSECOND, (v) => (v as { micros: bigint }).micros);
    case DuckDBTypeId.TIMESTAMP_TZ: return timestamp(TimeUnit.MICROSECOND, (v) => (v as { micros: bigint }).micros, 'UTC');
    case DuckDBTypeId.TIMESTAMP_MS: return timestamp(TimeUnit.MILLISECOND, (v) => (v as { millis: bigint }).millis);
    case DuckDBTypeId.TIMESTAMP_S: return timestamp(TimeUnit.SECOND, (v) => (v as { seconds: bigint }).seconds);
    case DuckDBTypeId.TIMESTAMP_NS: return timestamp(TimeUnit.NANOSECOND, (v) => (v as { nanos: bigint }).nanos);
    case DuckDBTypeId.DECIMAL: return decimal(type.width, type.scale, (v) => (v as { value: bigint }).value);
    case DuckDBTypeId.HUGEINT: return decimal(38, 0, (v) => v as bigint);
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.ENUM: return viaBuilder(new Utf8(), (v) => v as string);
    case DuckDBTypeId.LIST: {
      const item = arrowColumn(type.valueType);
      const convert = jsValueOf(type.valueType);
      return viaBuilder(new List(new Field('item', item.type, true)), (v) => (v as { items: readonly DuckDBValue[] }).items.map((x) => (x === null ? null : convert(x))));
    }
    default: return viaBuilder(new Utf8(), (v) => String(v));
  }
}

/** The JS value Arrow's builders take for an item of a list. */
function jsValueOf(type: DuckDBType): (value: DuckDBValue) => unknown {
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR: case DuckDBTypeId.ENUM: case DuckDBTypeId.BOOLEAN: case DuckDBTypeId.TINYINT: case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER: case DuckDBTypeId.UTINYINT: case DuckDBTypeId.USMALLINT: case DuckDBTypeId.UINTEGER: case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE: case DuckDBTypeId.BIGINT: case DuckDBTypeId.UBIGINT:
      return (v) => v;
    default: throw new Error(`invalid list item type for Arrow: ${type.toString()}`);
  }
}

function fixed(spec: Fixed): ArrowColumn {
  return {
    type: spec.type,
    build(values) {
      const length = values.length;
      const out = spec.array(length * (spec.width ?? 1));
      const put = spec.put as (out: unknown, i: number, value: unknown) => void;
      let nullBitmap: Uint8Array | undefined;
      let nullCount = 0;
      for (let i = 0; i < length; i++) {
        const value = values[i];
        if (value === null || value === undefined) {
          nullBitmap ??= validBitmap(length);
          nullBitmap[i >> 3]! &= ~(1 << (i & 7));
          nullCount++;
        } else put(out, i, value);
      }
      return makeData({ type: spec.type, length, nullCount, data: out, nullBitmap } as never);
    },
  };
}

function validBitmap(length: number): Uint8Array {
  return new Uint8Array((length + 7) >> 3).fill(0xff);
}

function timestamp(unit: TimeUnit, ticks: (value: DuckDBValue) => bigint, timezone?: string): ArrowColumn {
  return fixed({ type: new Timestamp(unit, timezone), array: (n) => new BigInt64Array(n), put: (o: BigInt64Array, i, v: DuckDBValue) => { o[i] = ticks(v); } });
}

/** 128-bit two's complement little-endian words, as Arrow's Decimal stores them. */
function decimal(precision: number, scale: number, scaled: (value: DuckDBValue) => bigint): ArrowColumn {
  return fixed({
    type: new Decimal(scale, precision, 128),
    width: 4,
    array: (n) => new Uint32Array(n),
    put: (o: Uint32Array, i, v: DuckDBValue) => {
      let x = BigInt.asUintN(128, scaled(v));
      for (let w = 0; w < 4; w++) {
        o[i * 4 + w] = Number(x & 0xffffffffn);
        x >>= 32n;
      }
    },
  });
}

function viaBuilder(type: DataType, convert: (value: DuckDBValue) => unknown): ArrowColumn {
  return {
    type,
    build(values) {
      const vector = vectorFromArray(values.map((v) => (v === null || v === undefined ? null : convert(v))), type);
      // A builder may cut one column into several chunks; a batch column is one piece.
      if (vector.data.length !== 1) throw new Error(`invalid Arrow column: ${vector.data.length} chunks`);
      return vector.data[0]!;
    },
  };
}
