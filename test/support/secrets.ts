/** Credentials of each shape the redaction knows, as tests put them in errors and log lines. */
export const INTERACTION_TOKEN = 'aW50ZXJhY3Rpb246OTg3NjU0MzIxOnNlY3JldA';
export const LINK_ID = 'bGluay1pZC1vbmUtdGltZQ';
export const ACCESS_TOKEN = 'BQDaccessTokenValue123';
export const REFRESH_TOKEN = 'AQArefreshTokenValue456';
export const CLIENT_SECRET = 'clientSecretValue789';
export const CODE = 'oauthCodeValue012';
export const STATE = 'oauthStateValue345';
export const SECRETS = [INTERACTION_TOKEN, LINK_ID, ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET, CODE, STATE];

/** A message quoting every one of them: a Spotify error body echoing the request, a Discord URL. */
export const LEAKY_TEXT =
  `echoing Authorization: Bearer ${ACCESS_TOKEN} from PATCH https://discord.com/api/v10/webhooks/1/${INTERACTION_TOKEN}/messages/@original ` +
  `(refresh_token=${REFRESH_TOKEN}&client_secret=${CLIENT_SECRET}, callback?code=${CODE}&state=${STATE}, https://bot.example/link/${LINK_ID})`;
