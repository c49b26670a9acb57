import { readFileSync } from 'node:fs';

/** Log Analytics exports separate columns with U+2756 so that commas in JSON columns need no quoting. */
const SEPARATOR = '\u2756';

/** Splits the text into records of fields; quoted fields may hold separators, newlines and doubled quotes. */
function parseRecords(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    fields.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') {
        field += c;
      } else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === SEPARATOR) {
      endField();
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      records.push(fields);
      fields = [];
    } else {
      field += c;
    }
  }
  if (field !== '' || fields.length) records.push([...fields, field]);
  return records.filter((r) => r.length > 1 || r[0] !== '');
}

/** Reads a ❖-separated export with a header row into one object per record, keyed by column name. */
export function readSentinelCsv(path: string): Record<string, string>[] {
  const [header, ...rows] = parseRecords(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  if (!header) return [];
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}
