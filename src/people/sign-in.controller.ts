import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { z } from 'zod';
import { component } from '../http/api-schemas.js';
import { Responds } from '../http/openapi.js';
import { ZodQuery } from '../http/zod.pipe.js';
import { auditedBy } from '../audit/audit.store.js';
import { readCookie, SESSION_COOKIE } from '../auth/authenticate.js';
import { Caller } from '../auth/principal.decorator.js';
import { type Principal, Public, RequireRole } from '../auth/roles.js';
import { OidcService } from './oidc.service.js';

/** Binds a sign-in to the browser that started it; Lax, because the provider's redirect back is a cross-site navigation. */
const STATE_COOKIE = 'quell_oidc_state';
export const SIGN_IN_PATH = '/auth/sign-in';
export const CALLBACK_PATH = '/auth/callback';

export const signInOptionsSchema = component(
  'SignInOptions',
  z.object({
    oidc: z
      .object({ providerName: z.string(), signInUrl: z.string().describe('Open this in the browser to sign in through the provider') })
      .nullable(),
  }),
  'How people sign in to the console: through the OpenID provider when one is configured (API keys always work)',
);
/** What a provider sends back: the code or an error, the state, and whatever else it adds (`iss`, `session_state`, …). */
const callbackQuerySchema = z.looseObject({
  code: z.string().max(4096).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(256).optional(),
});

export const signOutSchema = component('SignOut', z.object({ signedOut: z.boolean().describe('Whether a live session was ended') }));

const cookieOptions = (req: Request, path: string, maxAge: number, sameSite: 'strict' | 'lax'): CookieOptions => ({
  httpOnly: true,
  // Secure whenever the request came over TLS (directly or through a trusted proxy).
  secure: req.secure,
  sameSite,
  path,
  maxAge,
});

/**
 * The console's sign-in through the organisation's OpenID provider. The session is an httpOnly,
 * SameSite=Strict cookie rather than a token handed to the page: script in the page (an injected
 * one included) can never read it, and the API accepts it only with a header a cross-site page
 * cannot send. The browser-facing redirects are not API operations and stay out of the document.
 */
@ApiTags('keys')
@Controller()
export class SignInController {
  constructor(private readonly oidc: OidcService) {}

  @Get('api/v1/auth/options')
  @Public()
  @ApiOperation({ operationId: 'getSignInOptions', summary: 'How to sign in: the OpenID provider, when one is configured' })
  @Responds({ ok: { 200: signInOptionsSchema } })
  options(): z.output<typeof signInOptionsSchema> {
    const s = this.oidc.settings;
    return { oidc: s?.redirectUri ? { providerName: s.providerName, signInUrl: SIGN_IN_PATH } : null };
  }

  @Get(SIGN_IN_PATH.slice(1))
  @Public()
  @ApiExcludeEndpoint()
  async signIn(@Req() req: Request, @Res() res: Response) {
    const { url, state } = await this.oidc.startSignIn();
    res.cookie(STATE_COOKIE, state, cookieOptions(req, CALLBACK_PATH, 10 * 60_000, 'lax'));
    res.redirect(303, url);
  }

  @Get(CALLBACK_PATH.slice(1))
  @Public()
  @ApiExcludeEndpoint()
  async callback(@ZodQuery(callbackQuerySchema) _query: unknown, @Req() req: Request, @Res() res: Response) {
    const s = this.oidc.settings;
    const redirectUri = s?.redirectUri;
    // The URL the provider redirected to, rebuilt from the configured one (never from the Host header).
    const url = new URL(redirectUri ?? 'http://unconfigured.invalid/');
    url.search = new URL(req.originalUrl, 'http://callback.invalid').search;
    const result = await this.oidc.finishSignIn(url, readCookie(req, STATE_COOKIE), {
      ip: req.ip ?? null,
      userAgent: req.get('user-agent') ?? null,
    });
    res.clearCookie(STATE_COOKIE, { path: CALLBACK_PATH });
    if (!result.ok) return res.redirect(303, `/?signInError=${encodeURIComponent(result.reason)}`);
    res.cookie(SESSION_COOKIE, result.token, cookieOptions(req, '/', result.expiresAt.getTime() - Date.now(), 'strict'));
    res.redirect(303, '/');
  }

  @Post('api/v1/auth/sign-out')
  @HttpCode(200)
  @RequireRole('reader')
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'signOut', summary: "End the caller's console session (a key or a bearer token has none to end)" })
  @Responds({ ok: { 200: signOutSchema } })
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Caller() who: Principal) {
    const token = readCookie(req, SESSION_COOKIE);
    const signedOut = token && this.oidc.settings ? await this.oidc.signOut(token, auditedBy(who)) : false;
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    return { signedOut };
  }
}
