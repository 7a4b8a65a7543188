// Checks that two CSV files contain the same rows, whatever their row and column order.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

/**
 * Parses both files and compares their header sets, row counts and a SHA-256 over the sorted,
 * key-sorted rows. Returns a summary; throws with the first difference found when they differ.
 */
export async function compareCsvFiles(leftPath, rightPath) {
  const left = await digestCsv(leftPath);
  const right = await digestCsv(rightPath);

  if (left.columns.join('\u0000') !== right.columns.join('\u0000')) {
    throw new Error(
      `CSV columns differ.\n  ${leftPath}: ${left.columns.join(', ')}\n  ${rightPath}: ${right.columns.join(', ')}`,
    );
  }
  if (left.rows !== right.rows) {
    throw new Error(`CSV row counts differ: ${leftPath} has ${left.rows}, ${rightPath} has ${right.rows}.`);
  }
  if (left.hash !== right.hash) {
    const sample = firstDifference(left.sortedRows, right.sortedRows);
    throw new Error(
      `CSV rows differ (${left.rows} rows each).\n  first difference:\n  ${leftPath}: ${sample.left}\n  ${rightPath}: ${sample.right}`,
    );
  }
  return { rows: left.rows, columns: left.columns.length, sha256: left.hash };
}

async function digestCsv(filePath) {
  const text = await readFile(filePath, 'utf8');
  const records = parse(text, { columns: true, bom: true, relax_column_count: false });
  const columns = records.length > 0 ? Object.keys(records[0]).sort() : [];
  const sortedRows = records.map((row) => JSON.stringify(columns.map((column) => row[column]))).sort();
  const hash = createHash('sha256');
  for (const row of sortedRows) hash.update(row).update('\n');
  return { columns, rows: records.length, hash: hash.digest('hex'), sortedRows };
}

function firstDifference(left, right) {
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    if (left[i] !== right[i]) return { left: left[i], right: right[i] };
  }
  return { left: '(none)', right: '(none)' };
}
