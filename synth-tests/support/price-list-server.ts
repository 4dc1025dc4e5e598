import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A stand-in for the AWS Price List Query API on localhost, serving recorded PriceList items: GetProducts
 * applies its TERM_MATCH filters to each item's service code, product family and attributes, as the API
 * does, and pages its answer (a small page size, so that NextToken is exercised). The real SDK talks to
 * it over HTTP (endpoint override), so requests are signed and serialized as they would be for AWS.
 */

export interface RecordedItem {
  /** Where the item was recorded (repository, fixture, date). */
  source: string;
  /** The PriceList entry, the JSON text GetProducts returns. */
  item: string;
}

export interface ReceivedRequest {
  target: string;
  authorization: string;
  body: { ServiceCode: string; Filters?: { Type: string; Field: string; Value: string }[]; FormatVersion?: string; NextToken?: string; MaxResults?: number };
}

export interface PriceListServer {
  url: string;
  requests: ReceivedRequest[];
  /** Answer every request with this error (e.g. AccessDeniedException) instead. */
  failWith?: { status: number; type: string; message: string };
  close(): Promise<void>;
}

function matches(item: string, serviceCode: string, filters: ReceivedRequest['body']['Filters']): boolean {
  const doc = JSON.parse(item) as { serviceCode?: string; product: { productFamily?: string; attributes: Record<string, string> } };
  const attributes: Record<string, string | undefined> = { ...doc.product.attributes, productFamily: doc.product.productFamily };
  const code = doc.serviceCode ?? doc.product.attributes.servicecode;
  return code === serviceCode && (filters ?? []).every((f) => f.Type === 'TERM_MATCH' && attributes[f.Field] === f.Value);
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startPriceListServer(items: readonly RecordedItem[], pageSize = 3): Promise<PriceListServer> {
  const state: PriceListServer = { url: '', requests: [], close: async () => undefined };
  const server: Server = createServer((req, res) => {
    void bodyOf(req).then((text) => {
      const body = JSON.parse(text) as ReceivedRequest['body'];
      state.requests.push({ target: String(req.headers['x-amz-target']), authorization: String(req.headers.authorization ?? ''), body });
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (state.failWith) {
        res.statusCode = state.failWith.status;
        res.setHeader('x-amzn-errortype', state.failWith.type);
        res.end(JSON.stringify({ __type: state.failWith.type, Message: state.failWith.message }));
        return;
      }
      const found = items.filter((i) => matches(i.item, body.ServiceCode, body.Filters)).map((i) => i.item);
      const start = body.NextToken ? Number(body.NextToken.replace('page-', '')) : 0;
      const end = start + Math.min(pageSize, body.MaxResults ?? 100);
      res.end(JSON.stringify({ FormatVersion: 'aws_v1', PriceList: found.slice(start, end), ...(end < found.length ? { NextToken: `page-${end}` } : {}) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}
