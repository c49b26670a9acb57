import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { z } from 'zod';

/** The issuer of the tokens the Bot Framework service (Teams) sends to a bot. */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
/** The clock skew the Bot Framework allows. */
const CLOCK_TOLERANCE_SECONDS = 300;

export class BotTokenError extends Error {
  override name = 'BotTokenError';
}

/**
 * Validates the Bearer token on an incoming Bot Framework activity with jose: signed by a key of
 * the OpenID metadata's JWKS, issued by the Bot Framework, for this bot's app id, not expired.
 */
export class BotFrameworkTokens {
  private jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    private readonly metadataUrl: string,
    private readonly appId: string,
  ) {}

  async verify(authorization: string | undefined): Promise<JWTPayload> {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new BotTokenError('no Bearer token');
    this.jwks ??= createRemoteJWKSet(new URL(await this.jwksUri()));
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        issuer: BOT_FRAMEWORK_ISSUER,
        audience: this.appId,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp'],
      });
      return payload;
    } catch (err) {
      throw new BotTokenError((err as Error).message);
    }
  }

  private async jwksUri(): Promise<string> {
    const res = await fetch(this.metadataUrl, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`the Bot Framework OpenID metadata answered ${res.status}`);
    const parsed = z.object({ jwks_uri: z.url() }).safeParse(await res.json());
    if (!parsed.success) throw new Error('the Bot Framework OpenID metadata has no jwks_uri');
    return parsed.data.jwks_uri;
  }
}

/** An Adaptive Card's Action.Execute as Teams delivers it: an `adaptiveCard/action` invoke activity. */
export const teamsInvokeSchema = z.object({
  type: z.literal('invoke'),
  name: z.literal('adaptiveCard/action'),
  from: z.object({ id: z.string().min(1).max(256), aadObjectId: z.string().min(1).max(64) }),
  value: z.object({
    action: z.object({
      type: z.literal('Action.Execute'),
      verb: z.enum(['approve', 'reject']),
      data: z.object({ actionId: z.string().regex(/^act-[0-9a-f]{24}$/) }),
    }),
  }),
});

/** The invoke response Teams shows as a message in place of the card's action. */
export function teamsInvokeReply(text: string) {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text };
}
