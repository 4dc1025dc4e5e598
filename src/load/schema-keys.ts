import { z } from 'zod';

/**
 * The keys an object in the schema allows at a path, for "did you mean"
 * suggestions. Walks through optional/default/nullable wrappers and records.
 */
export function keysAt(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let node: z.ZodType | undefined = unwrap(schema);
  for (const seg of path) {
    if (!node) return [];
    if (node instanceof z.ZodObject) node = unwrap(node.shape[seg as string]);
    else if (node instanceof z.ZodRecord) node = unwrap(node._zod.def.valueType as z.ZodType);
    else if (node instanceof z.ZodArray) node = unwrap(node._zod.def.element as z.ZodType);
    else return [];
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

function unwrap(node: z.ZodType | undefined): z.ZodType | undefined {
  while (node && (node instanceof z.ZodOptional || node instanceof z.ZodDefault || node instanceof z.ZodNullable)) {
    node = node._zod.def.innerType as z.ZodType;
  }
  return node;
}
