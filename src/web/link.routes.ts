import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { Logger } from '../logger.js';
import { LinkFailedError, type LinkAccountService } from '../services/account/link-account.service.js';
import { linkedPage, linkFailedPage, unexpectedErrorPage, type LinkPage } from './link-pages.js';

/** The path of the OAuth redirect URI: `${PUBLIC_URL}/callback`. */
export const CALLBACK_PATH = '/callback';

export interface LinkRoutesDeps {
  linkAccount: Pick<LinkAccountService, 'authorizeUrlFor' | 'completeLink'>;
  logger: Pick<Logger, 'error'>;
}

const send = (response: Response, { status, html }: LinkPage): void => {
  response.status(status).type('html').send(html);
};

const single = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const fail = (response: Response, logger: LinkRoutesDeps['logger'], error: unknown): void => {
  if (error instanceof LinkFailedError) return send(response, linkFailedPage(error.kind, error.until));
  const reference = randomUUID().slice(0, 8);
  logger.error({ err: error, reference }, 'unexpected error in the Spotify link flow');
  send(response, unexpectedErrorPage(reference));
};

/** GET /link/:linkId redirects to Spotify; GET /callback finishes the link and shows a plain page. */
export const createLinkRouter = ({ linkAccount, logger }: LinkRoutesDeps): Router => {
  const router = Router();
  router.get('/link/:linkId', async (request: Request<{ linkId: string }>, response) => {
    try {
      response.redirect(302, await linkAccount.authorizeUrlFor(request.params.linkId));
    } catch (error) {
      fail(response, logger, error);
    }
  });

  router.get(CALLBACK_PATH, async (request, response) => {
    try {
      const { displayName } = await linkAccount.completeLink({
        state: single(request.query.state),
        code: single(request.query.code),
        error: single(request.query.error),
      });
      send(response, linkedPage(displayName));
    } catch (error) {
      fail(response, logger, error);
    }
  });

  return router;
};
