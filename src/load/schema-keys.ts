import { z } from 'zod';

/**
 * The keys an object in the schema allows at a path, for "did you mean"
 * suggestions. Walks through optional/default/nullable wrappers and records.
 */
export function keysAt(schema: z.ZodType, path: readonly (string | number)[], root?: unknown): string[] {
  let node: z.ZodType | undefined = unwrap(schema);
  let value = root;
  for (const seg of [...path, undefined]) {
    // A discriminated union (a data store's engine): the option the written value chose.
    if (node instanceof z.ZodDiscriminatedUnion) node = option(node, value);
    if (seg === undefined) break;
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[seg] : undefined;
    if (!node) return [];
    if (node instanceof z.ZodObject) node = unwrap(node.shape[seg as string]);
    else if (node instanceof z.ZodRecord) node = unwrap(node._zod.def.valueType as z.ZodType);
    else if (node instanceof z.ZodArray) node = unwrap(node._zod.def.element as z.ZodType);
    else return [];
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

function option(union: z.ZodDiscriminatedUnion, value: unknown): z.ZodType | undefined {
  const key = union._zod.def.discriminator;
  const chosen = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return (union._zod.def.options as z.ZodType[]).find((o) => o instanceof z.ZodObject && (o.shape[key] as z.ZodType).safeParse(chosen).success);
}

function unwrap(node: z.ZodType | undefined): z.ZodType | undefined {
  while (node && (node instanceof z.ZodOptional || node instanceof z.ZodDefault || node instanceof z.ZodNullable)) {
    node = node._zod.def.innerType as z.ZodType;
  }
  return node;
}
