// Reads a Parquet file with DuckDB and prints its schema and rows as JSON on standard output:
// { "columns": [ { "name": "...", "type": "DOUBLE" } ], "rows": [ [ ... ], ... ] }.
// BIGINT and UBIGINT values are printed as strings (exact); doubles as JavaScript numbers (shortest round trip).
// Used by Simulation.Tests (ParquetInteropTests); run `npm ci --prefix scripts/interop` once to install DuckDB.
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
if (!file) {
  console.error('usage: node read-parquet.mjs FILE.parquet');
  process.exit(2);
}

const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
const quoted = file.replaceAll("'", "''");
const schema = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${quoted}')`);
const columns = schema.getRowObjectsJson().map(r => ({ name: r.column_name, type: r.column_type }));
const data = await connection.runAndReadAll(`SELECT * FROM read_parquet('${quoted}')`);
process.stdout.write(JSON.stringify({ columns, rows: data.getRowsJson() }));
