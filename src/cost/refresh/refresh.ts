import type { Price, PriceSnapshot } from '../prices';
import { parsePriceListItem, type PriceDimension, type PriceListProduct } from './price-list';
import { queryFor, type PriceQuery } from './queries';

/** The products GetProducts returns for a service and exact-match filters, as PriceList strings, every page. */
export type ProductSource = (serviceCode: string, filters: Record<string, string>) => AsyncIterable<string>;

/** What a refresh did to each key. */
export interface RefreshReport {
  region: string;
  /** Found at the price the snapshot had. */
  confirmed: string[];
  /** Found at another price. */
  changed: { key: string; from: number; to: number }[];
  /** Found, and new to the snapshot. */
  added: string[];
  /** Not found, or not one price: the snapshot keeps what it had (or stays without it). */
  failed: { key: string; reason: string }[];
  /** Not in the Price List (no query): kept as they were. */
  kept: string[];
}

/**
 * Rebuilds a region's snapshot from the Price List: each key's query is sent (once per distinct request),
 * its products are matched and its dimension picked. A price found replaces the old one, with the Price
 * List as its source (and no longer uncertain); a key not found keeps its old price, so a refresh never
 * loses what the snapshot had.
 */
export async function refreshSnapshot(region: string, keys: readonly string[], old: PriceSnapshot | undefined, source: ProductSource, today: string): Promise<{ snapshot: PriceSnapshot; report: RefreshReport }> {
  const report: RefreshReport = { region, confirmed: [], changed: [], added: [], failed: [], kept: [] };
  const prices: Record<string, Price> = { ...(old?.prices ?? {}) };
  // The API's answers, once per distinct request; its failures (credentials, throttling) end the refresh.
  const responses = new Map<string, Promise<string[]>>();
  const fetch = (q: PriceQuery, at: Record<string, string>) => {
    const filters = { ...q.filters, ...at };
    const id = JSON.stringify([q.serviceCode, filters]);
    if (!responses.has(id)) responses.set(id, collect(source(q.serviceCode, filters)));
    return responses.get(id)!;
  };

  for (const key of [...new Set([...keys, ...Object.keys(prices)])].sort()) {
    const q = queryFor(key);
    if (!q) {
      if (prices[key]) report.kept.push(key);
      else report.failed.push({ key, reason: 'the Price List has no query for it' });
      continue;
    }
    const at = regionFilter(q, region);
    if (!at) {
      const reason = `no location is known to price ${region} at`;
      report.failed.push({ key, reason: prices[key] ? `${reason}; kept ${prices[key].usd} from ${prices[key].date}` : reason });
      continue;
    }
    const items = await fetch(q, at);
    let found: { price: Price } | { reason: string };
    try {
      found = pick(q, items.map(parsePriceListItem), region, today);
    } catch (e) {
      // A product the parser cannot read fails its key only.
      found = { reason: `unreadable Price List item: ${(e as Error).message}` };
    }
    if ('reason' in found) {
      report.failed.push({ key, reason: prices[key] ? `${found.reason}; kept ${prices[key].usd} from ${prices[key].date}` : found.reason });
      continue;
    }
    const before = prices[key];
    if (!before) report.added.push(key);
    else if (before.usd === found.price.usd) report.confirmed.push(key);
    else report.changed.push({ key, from: before.usd, to: found.price.usd });
    prices[key] = { ...found.price, unit: before?.unit ?? found.price.unit };
  }
  const sorted = Object.fromEntries(Object.entries(prices).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { snapshot: { region, currency: 'USD', updated: today, prices: sorted }, report };
}

/** The filter that places a query: the Region's code, a location priced for it, or none for a global service. */
function regionFilter(q: PriceQuery, region: string): Record<string, string> | undefined {
  if (q.pricedAt === 'global') return {};
  const value = q.pricedAt ? q.pricedAt[region] : region;
  return value === undefined ? undefined : { [q.regionField ?? 'regionCode']: value };
}

async function collect(items: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The one price a query designates among the products returned for it. */
function pick(q: PriceQuery, products: PriceListProduct[], region: string, today: string): { price: Price } | { reason: string } {
  const matching = products.filter((p) => Object.entries(q.where ?? {}).every(([attr, want]) => {
    const value = p.attributes[attr];
    return value !== undefined && (typeof want === 'string' ? value === want : want.regex.test(value));
  }));
  const describe = `${q.serviceCode} ${Object.entries(q.filters).map(([k, v]) => `${k}=${v}`).join(' ')}${q.where ? ` where ${Object.entries(q.where).map(([k, v]) => `${k} ${typeof v === 'string' ? `= ${v}` : `~ ${v.text}`}`).join(', ')}` : ''}`;
  if (!matching.length) return { reason: `no product in ${region} matches ${describe} (${products.length} returned)` };
  const chosen = matching.flatMap((p) => {
    const d = dimensionOf(q, p.dimensions);
    return d ? [{ product: p, dimension: d }] : [];
  });
  if (!chosen.length) return { reason: `no ${q.unit ?? ''} price${q.beginRange ? ` from ${q.beginRange}` : ' above zero'} on ${matching.map((p) => p.sku).join(', ')}` };
  const distinct = [...new Set(chosen.map((c) => c.dimension.usd))];
  if (distinct.length > 1) return { reason: `${chosen.length} products match ${describe} at different prices (${chosen.map((c) => `${c.product.sku} ${c.dimension.usd}`).join(', ')})` };
  const { product, dimension } = chosen.sort((a, b) => (a.product.sku < b.product.sku ? -1 : 1))[0];
  const usd = Number((dimension.usd * (q.scale ?? 1)).toPrecision(12));
  const published = product.publicationDate.slice(0, 10);
  return {
    price: {
      usd,
      unit: dimension.unit,
      source: `AWS Price List API: GetProducts ${describe}; sku ${product.sku}, rate code ${dimension.rateCode}, "${dimension.description}"${q.scale ? ` x ${q.scale}` : ''}`,
      date: published || today,
    },
  };
}

/** The dimension of the query's unit and tier: the tier it names, or the first priced above zero. */
function dimensionOf(q: PriceQuery, dimensions: PriceDimension[]): PriceDimension | undefined {
  const ofUnit = dimensions.filter((d) => q.unit === undefined || d.unit === q.unit).sort((a, b) => Number(a.beginRange) - Number(b.beginRange));
  return q.beginRange !== undefined ? ofUnit.find((d) => d.beginRange === q.beginRange) : ofUnit.find((d) => d.usd > 0);
}
