/*
 * One item of the AWS Price List Query API (GetProducts, FormatVersion aws_v1): a JSON string holding
 * the product (its SKU, family and attributes) and its terms. Only on-demand terms are read: the
 * estimate prices on-demand use.
 */

/** One price dimension of an on-demand term: a unit price over a range of usage (a tier). */
export interface PriceDimension {
  rateCode: string;
  unit: string;
  usd: number;
  beginRange: string;
  endRange: string;
  description: string;
}

export interface PriceListProduct {
  sku: string;
  productFamily: string;
  attributes: Record<string, string>;
  dimensions: PriceDimension[];
  publicationDate: string;
}

/** Parses one PriceList entry; a malformed one is an error that names what is missing. */
export function parsePriceListItem(item: string): PriceListProduct {
  const doc = JSON.parse(item) as unknown;
  const product = field(doc, 'product', 'the item');
  const sku = text(field(product, 'sku', 'product'), 'product.sku');
  const where = `product ${sku}`;
  const attributes = Object.fromEntries(Object.entries(record(field(product, 'attributes', where), `${where}: attributes`)).map(([k, v]) => [k, String(v)]));
  const onDemand = record(field(field(doc, 'terms', where), 'OnDemand', `${where}: terms`, {}), `${where}: terms.OnDemand`);
  const dimensions = Object.values(onDemand).flatMap((term) =>
    Object.values(record(field(term, 'priceDimensions', `${where}: an on-demand term`), `${where}: priceDimensions`)).map((d): PriceDimension => {
      const usd = Number(text(field(field(d, 'pricePerUnit', `${where}: a price dimension`), 'USD', `${where}: pricePerUnit`), `${where}: pricePerUnit.USD`));
      if (!Number.isFinite(usd)) throw new Error(`${where}: pricePerUnit.USD is not a number`);
      return {
        rateCode: text(field(d, 'rateCode', `${where}: a price dimension`), `${where}: rateCode`),
        unit: text(field(d, 'unit', `${where}: a price dimension`), `${where}: unit`),
        usd,
        beginRange: String(field(d, 'beginRange', `${where}: a price dimension`, '0')),
        endRange: String(field(d, 'endRange', `${where}: a price dimension`, 'Inf')),
        description: String(field(d, 'description', `${where}: a price dimension`, '')),
      };
    }),
  );
  return { sku, productFamily: String(field(product, 'productFamily', where, '')), attributes, dimensions, publicationDate: String(field(doc, 'publicationDate', where, '')) };
}

function field(o: unknown, key: string, where: string, fallback?: unknown): unknown {
  const v = o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[key] : undefined;
  if (v !== undefined) return v;
  if (fallback !== undefined) return fallback;
  throw new Error(`${where} has no ${key}`);
}

function record(o: unknown, what: string): Record<string, unknown> {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new Error(`${what} is not an object`);
  return o as Record<string, unknown>;
}

function text(o: unknown, what: string): string {
  if (typeof o !== 'string') throw new Error(`${what} is not a string`);
  return o;
}
