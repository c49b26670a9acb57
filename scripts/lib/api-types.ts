import { resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { projectRoot } from '../../src/infra/paths.js';
import { openApiDocument } from './openapi-document.js';

/** The console's API types, generated from the OpenAPI document (never edited by hand). */
export const API_TYPES_FILE = resolve(projectRoot, 'console', 'src', 'api', 'schema.d.ts');

const HEADER = `/**
 * Generated from Quell's OpenAPI document by \`npm run api:types\`; do not edit.
 * test/unit/console-api-types.test.ts fails when the document and this file disagree.
 */

`;

export async function generateApiTypes(): Promise<string> {
  const document = await openApiDocument();
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0]);
  return HEADER + astToString(ast);
}
