/**
 * What the benchmark and the chaos script share: an agency endpoint on loopback that records
 * each delivery, development-client tokens, and the counter filing they load the runtime with.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Delivery = { dossierCode: string; eventId: string };

/** A local stand-in for an agency system's webhook endpoint: answers 204 to every delivery. */
export async function startAgencyEndpoint(
  onDelivery: (delivery: Delivery) => void,
): Promise<{ url: string; close(): void }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const { dossier } = JSON.parse(body) as { dossier: { dossierCode: string } };
      onDelivery({ dossierCode: dossier.dossierCode, eventId: String(request.headers['x-motcua-event-id']) });
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/agency`,
    close: () => server.close(),
  };
}

/** An access token of a development client (secret `local-secret`). */
export async function devToken(baseUrl: string, clientId: string): Promise<string> {
  const response = await fetch(`${baseUrl}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:local-secret`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A birth registration filed at a center's counter (decided by the commune agency system). */
export const birthRegistration = (centerId: string, summary = 'Đăng ký khai sinh'): string =>
  JSON.stringify({
    procedureCode: '1.001193',
    centerId,
    channel: 'DIRECT',
    applicant: {
      type: 'CITIZEN',
      idNumber: '022190000123',
      fullName: 'Nguyễn Văn An',
      address: 'Quảng Ninh',
    },
    summary,
    documents: [{ documentCode: 'TP01' }, { documentCode: 'TP02' }, { documentCode: 'TP03' }],
    resultDelivery: 'COUNTER',
  });

/** A local stand-in for the national portal's sync endpoint: answers 204 to every post. */
export async function startPortalEndpoint(): Promise<{ url: string; close(): void }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/portal`,
    close: () => server.close(),
  };
}
