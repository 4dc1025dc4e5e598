import { blueprintJsonSchema } from '../../schema';
import { expectPositionals } from '../args';
import { defineCommand } from '../command';
import { EXIT } from '../errors';
import { displayPath, print, writeFile } from '../output';

/** The schema exactly as `blueprint schema` prints it (and as schema/blueprint.schema.json holds it). */
export function schemaText(): string {
  return `${JSON.stringify(blueprintJsonSchema(), null, 2)}\n`;
}

export const command = defineCommand({
  description: [
    'Prints the JSON Schema (draft 2020-12) that editors use to complete and',
    'check blueprints, generated from the same schema validate uses. Blueprints',
    'point at it with a first line such as:',
    '  # yaml-language-server: $schema=../schema/blueprint.schema.json',
  ].join('\n'),
  options: {
    out: { type: 'string', short: 'o', placeholder: 'FILE', description: 'Write the schema to FILE (replacing it) and print its path.' },
  },
  exitCodes: [
    [0, 'the schema was printed or written'],
    [1, 'usage error, FILE cannot be written, or internal error'],
  ],
  examples: ['blueprint schema', 'blueprint schema -o schema/blueprint.schema.json'],
  run({ values, positionals }) {
    expectPositionals('schema', positionals, '', { min: 0, max: 0 });
    const text = schemaText();
    if (values.out === undefined) {
      print(text);
    } else {
      writeFile(values.out, text);
      print(displayPath(values.out));
    }
    return EXIT.ok;
  },
});
