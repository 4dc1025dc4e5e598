import { readSizing, type Sizing } from '../../design/sizing';
import { T } from './resource-types';
import { fail, list, obj, type CfnTemplate, type Resolver } from './template';

/**
 * What a resource was sized for, from its blueprint:<quantity> tags (src/design/sizing.ts). A global table's
 * tags are its replicas': each must carry the same sizing.
 */
export function sizingOf(t: CfnTemplate, r: Resolver, id: string): Sizing {
  const tagLists =
    t.type(id) === T.globalTable
      ? list(t.props(id).Replicas, t.where(id, 'Replicas')).map((v, i) => ({ tags: obj(v, t.where(id, `Replicas[${i}]`)).Tags, where: t.where(id, `Replicas[${i}].Tags`) }))
      : [{ tags: t.props(id).Tags, where: t.where(id, 'Tags') }];
  const read = tagLists.map(({ tags, where }) => {
    const record = Object.fromEntries(
      list(tags, where).map((v, i) => {
        const tag = obj(v, `${where}[${i}]`);
        return [r.str(tag.Key, `${where}[${i}].Key`), r.str(tag.Value, `${where}[${i}].Value`)];
      }),
    );
    try {
      return readSizing(record, where);
    } catch (e) {
      return fail(where, (e as Error).message);
    }
  });
  if (read.some((s) => JSON.stringify(s) !== JSON.stringify(read[0]))) fail(t.where(id, 'Replicas'), "carry different sizing tags; a table's replicas carry its one sizing");
  return read[0] ?? {};
}
