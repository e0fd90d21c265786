// Where a key path of a mapping (`looker.groupValues.region[1].group`) is in its file: JSON's
// through jsonc-parser's tree, YAML's through the yaml parser's nodes, so an issue names its line.
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { PlainResult } from '../core/result.js';
import { positionAt, type JsonSyntaxError, type TextPosition } from './input-file.js';

/** The place of a key path in the file; the nearest enclosing key that exists when the path does not. */
export type Locator = (path: string) => TextPosition | undefined;

/** The segments of a key path as parseMapping writes them: `a.b`, `[2]`, `["Cost Centre"]`. */
export function pathSegments(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  const token = /\.?([A-Za-z_]\w*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let match: RegExpExecArray | null;
  while (token.lastIndex < path.length && (match = token.exec(path)) !== null) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3] as string) as string);
  }
  return segments;
}

/** Tries the path, then each shorter one, until `find` finds an offset. */
function nearest(segments: (string | number)[], find: (segments: (string | number)[]) => number | undefined): number | undefined {
  for (let length = segments.length; length >= 0; length--) {
    const offset = find(segments.slice(0, length));
    if (offset !== undefined) return offset;
  }
  return undefined;
}

/** A locator over a JSON text: a key's place is its name's, an item's its own. */
export function jsonLocator(text: string): Locator {
  const root = parseTree(text);
  return (path) => {
    if (!root) return undefined;
    const offset = nearest(pathSegments(path), (segments) => {
      const node: JsonNode | undefined = segments.length ? findNodeAtLocation(root, segments) : root;
      if (!node) return undefined;
      return node.parent?.type === 'property' ? node.parent.offset : node.offset;
    });
    return offset === undefined ? undefined : positionAt(text, offset);
  };
}

/** The offset of the node at `segments` in a YAML document: a key's name, an item's start. */
function yamlOffset(root: unknown, segments: (string | number)[]): number | undefined {
  let node = root;
  let offset: number | undefined = (root as YamlNode | undefined)?.range?.[0];
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === segment);
      if (!pair) return undefined;
      offset = (pair.key as YamlNode).range?.[0];
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      offset = (node as YamlNode | undefined)?.range?.[0];
      if (node === undefined) return undefined;
    } else return undefined;
  }
  return offset;
}

/**
 * Parses YAML (1.2, core schema: `no` stays text; a key given twice is an error) into the value
 * for `parseMapping` and a locator of its key paths.
 */
export function parseYaml(text: string): PlainResult<{ value: unknown; locate: Locator }, JsonSyntaxError> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const [first] = document.errors;
  if (first) {
    const at = lineCounter.linePos(first.pos[0]);
    return { ok: false, error: { reason: first.message.split('\n')[0] as string, position: { line: at.line, column: at.col } } };
  }
  const locate: Locator = (path) => {
    const offset = nearest(pathSegments(path), (segments) => yamlOffset(document.contents, segments));
    if (offset === undefined) return undefined;
    const at = lineCounter.linePos(offset);
    return { line: at.line, column: at.col };
  };
  return { ok: true, data: { value: document.toJS(), locate } };
}
