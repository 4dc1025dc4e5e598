// Query.catalog: the product names on sale (AppSync invokes it directly).
export async function handler() {
  return ['coffee', 'tea', 'cocoa'];
}
