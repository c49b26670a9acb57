import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { API_TYPES_FILE, generateApiTypes } from '../../scripts/lib/api-types.js';

describe("the console's API types", () => {
  it('are the ones the OpenAPI document generates (run `npm run api:types` after changing the API)', async () => {
    expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(await generateApiTypes());
  });
});
