import { PricingClient, paginateGetProducts, type PricingClientConfig } from '@aws-sdk/client-pricing';
import type { ProductSource } from './refresh';

/** The Price List Query API answers in these regions only; the prices it returns are those of any region. */
export const PRICE_LIST_ENDPOINTS = ['us-east-1', 'eu-central-1', 'ap-south-1'] as const;

/**
 * GetProducts through the AWS SDK: every page (100 products each) of a service's products matching the
 * exact-match filters, on-demand and reserved terms as JSON strings (FormatVersion aws_v1). Credentials
 * come from the SDK's default chain (environment, profile, SSO, instance role).
 */
export function priceListSource(config: PricingClientConfig = {}): ProductSource {
  const client = new PricingClient({ region: 'us-east-1', ...config });
  return async function* (serviceCode, filters) {
    const pages = paginateGetProducts(
      { client, pageSize: 100 },
      { ServiceCode: serviceCode, FormatVersion: 'aws_v1', Filters: Object.entries(filters).map(([Field, Value]) => ({ Type: 'TERM_MATCH', Field, Value })) },
    );
    // The SDK types PriceList loosely (JSON strings, possibly wrapped): each item is handed on as its JSON text.
    for await (const page of pages) for (const item of (page.PriceList ?? []) as unknown[]) yield typeof item === 'string' ? item : String(item);
  };
}
