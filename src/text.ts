/**
 * Orders strings by UTF-16 code unit: the same on every machine, whatever its
 * locale (String.prototype.localeCompare is not), so output stays byte-identical.
 */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
