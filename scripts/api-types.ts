import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { projectRoot } from '../src/infra/paths.js';
import { API_TYPES_FILE, generateApiTypes } from './lib/api-types.js';

/** Writes the console's API types from the OpenAPI document; with `--check`, only says whether they are current. */
const text = await generateApiTypes();
const file = relative(projectRoot, API_TYPES_FILE);
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(API_TYPES_FILE, 'utf8');
  } catch {
    current = '';
  }
  if (current !== text) {
    process.stderr.write(`${file} does not match the OpenAPI document: run \`npm run api:types\` and commit the result.\n`);
    process.exit(1);
  }
  process.stdout.write(`${file} is current.\n`);
} else {
  writeFileSync(API_TYPES_FILE, text);
  process.stdout.write(`wrote ${file}\n`);
}
