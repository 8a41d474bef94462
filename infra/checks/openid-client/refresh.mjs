// The refresh grant and its errors through openid-client (oauth4webapi underneath), which discovers the token
// endpoint from the issuer and, as RFC 6749 §5.2 says, reads token errors only from application/json.
// Usage: node refresh.mjs <serve url> <credentials.json that serve wrote>
import { readFileSync } from 'node:fs';
import * as client from 'openid-client';

const [url, credentialsFile] = process.argv.slice(2);
const demo = JSON.parse(readFileSync(credentialsFile, 'utf8'));
const fail = (message) => { console.error(`openid-client check: ${message}`); process.exit(1); };

const config = await client.discovery(new URL(url), demo.app_id, undefined, client.None(),
  { execute: [client.allowInsecureRequests] }); // serve is http on loopback
const registration = await fetch(new URL('/v1/installs', url), {
  method: 'POST',
  headers: {
    authorization: 'Basic ' + Buffer.from(`${demo.app_id}:${demo.app_secret}`).toString('base64'),
    'content-type': 'application/json',
  },
  body: JSON.stringify({ platform: 'android', device_class: 'phone', sdk_version: '1.0.0' }),
}).then((response) => response.json());

const refreshed = await client.refreshTokenGrant(config, registration.refresh_token);
if (!refreshed.access_token || refreshed.token_type.toLowerCase() !== 'bearer'
    || !refreshed.refresh_token || refreshed.refresh_token === registration.refresh_token) {
  fail(`unexpected refresh response ${JSON.stringify(Object.keys(refreshed))}`);
}

try {
  await client.refreshTokenGrant(config, 'ulr_madeupfamily_0_' + 'A'.repeat(43));
  fail('a made-up refresh token was accepted');
} catch (error) {
  if (!(error instanceof client.ResponseBodyError) || error.error !== 'invalid_grant' || error.status !== 400) {
    fail(`a made-up refresh token did not read as invalid_grant: ${error.name}: ${error.message}`);
  }
}
console.log('openid-client check: discovered the token endpoint, refreshed, and read a refused refresh as invalid_grant');
