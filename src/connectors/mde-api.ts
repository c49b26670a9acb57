import { type ApiLog, microsoftProduct, OAuthApi, type OAuthApiOptions } from './oauth-api.js';

export { ApiError as MdeApiError, followBudgetMs, heartbeat, pause } from './oauth-api.js';

/** The one scope an app with Defender for Endpoint application permissions asks for. */
export const MDE_SCOPE = 'https://api.securitycenter.microsoft.com/.default';

export type MdeApiOptions = OAuthApiOptions;

export type MdeLog = ApiLog;

/** Defender for Endpoint's REST API through the shared client-credentials client. */
export class MdeApi extends OAuthApi {
  constructor(o: MdeApiOptions, log?: MdeLog) {
    super(o, microsoftProduct(o, 'Defender for Endpoint', MDE_SCOPE), log);
  }
}
