/*
 * A CloudWatch dashboard's widgets, read from its DashboardBody: JSON text
 * joined with references (Fn::Join). Each reference becomes its symbolic
 * name inside the text, then the JSON is parsed and every metric row of
 * CloudWatch's widget format read:
 *
 *   [namespace, metricName, dimName, dimValue, ..., {label, period, stat}]
 *
 * "." in a row repeats the value at the same position of the row above;
 * "..." as the first cell repeats the row above except its last cells.
 */
import { fail, isObject, list, obj, type Resolver } from './template';
import type { DashboardInventory } from '../inventory';

type Widget = DashboardInventory['widgets'][number];

// CloudWatch's defaults for a metric row with no stat or period of its own (nor its widget's).
const DEFAULT_STAT = 'Average';
const DEFAULT_PERIOD = 300;

export function dashboardWidgets(body: unknown, where: string, r: Resolver): Widget[] {
  const text = bodyText(body, where, r);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return fail(where, `is not JSON once references are substituted: ${(e as Error).message}`);
  }
  return list(obj(parsed, where).widgets, `${where} widgets`).map((raw, i) => widget(raw, `${where} widgets[${i}]`, r));
}

/** The body as text, each reference replaced by its symbolic name (escaped for a JSON string). */
function bodyText(v: unknown, where: string, r: Resolver): string {
  if (typeof v === 'string') return v;
  if (isObject(v) && Array.isArray(v['Fn::Join']) && v['Fn::Join'].length === 2) {
    const [sep, parts] = v['Fn::Join'] as [unknown, unknown];
    if (typeof sep !== 'string' || !Array.isArray(parts)) fail(where, 'malformed Fn::Join');
    return parts.map((p) => bodyText(p, where, r)).join(sep);
  }
  return JSON.stringify(r.str(v, where)).slice(1, -1);
}

function widget(raw: unknown, where: string, r: Resolver): Widget {
  const w = obj(raw, where);
  if (w.type !== 'metric') fail(where, `is a ${JSON.stringify(w.type)} widget; only metric widgets are in the inventory`);
  const props = obj(w.properties, `${where}.properties`);
  let above: string[] = [];
  const metrics = list(props.metrics, `${where}.properties.metrics`).map((row, j) => {
    const rw = `${where}.properties.metrics[${j}]`;
    const cells = list(row, rw);
    const last = cells[cells.length - 1];
    const options = isObject(last) ? last : {};
    if (options.expression !== undefined) fail(rw, 'math expressions on dashboards are not in the inventory');
    let fields = (isObject(last) ? cells.slice(0, -1) : cells).map((c) => (typeof c === 'string' ? c : fail(rw, `expected strings before the options, found ${JSON.stringify(c)}`)));
    if (fields[0] === '...') {
      const rest = fields.slice(1);
      if (rest.length > above.length) fail(rw, '"..." repeats more cells than the row above has');
      fields = [...above.slice(0, above.length - rest.length), ...rest];
    }
    fields = fields.map((f, k) => (f !== '.' ? f : k < above.length ? above[k] : fail(rw, `"." at position ${k} has no value above it`)));
    if (fields.includes('...')) fail(rw, '"..." is read as the first cell only');
    above = fields;
    if (fields.length < 2 || fields.length % 2 !== 0) fail(rw, 'expected namespace, metric name, then dimension name/value pairs');
    const dimensions: Record<string, string> = {};
    for (let k = 2; k < fields.length; k += 2) dimensions[fields[k]] = fields[k + 1];
    return {
      namespace: fields[0],
      metricName: fields[1],
      statistic: r.str(options.stat ?? props.stat ?? DEFAULT_STAT, `${rw} stat`),
      dimensions,
      label: options.label === undefined ? null : r.str(options.label, `${rw} label`),
      periodSeconds: r.num(options.period ?? props.period ?? DEFAULT_PERIOD, `${rw} period`),
    };
  });
  return { title: props.title === undefined ? '' : r.str(props.title, `${where} title`), metrics };
}
