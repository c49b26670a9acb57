import { randomBytes } from 'node:crypto';
import type { TestQuell } from './harness.js';

/** An action waiting for approval, requested by `as` (an admin): blocking a URL no other test names. */
export async function pendingBlockUrl(q: TestQuell, as: { Authorization: string }) {
  const res = await q.http
    .post('/api/v1/actions')
    .set(as)
    .send({
      type: 'block_url',
      target: { type: 'url', url: `https://bad-${randomBytes(3).toString('hex')}.example/x` },
      reason: 'phish',
    })
    .expect(201);
  return res.body;
}
