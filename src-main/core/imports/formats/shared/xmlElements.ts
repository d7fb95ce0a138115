import { ImportFileError } from '../../importedRow';
import type { Attribute, MarkupHandler } from './markupTokenizer';

/** A small element subtree, kept in memory only for one statement entry at a time. */
export interface XmlNode {
  /** The local name: any namespace prefix is dropped ("ns2:Ntry" → "Ntry"). */
  name: string;
  attributes: readonly Attribute[];
  /** The element's own character data, trimmed. */
  text: string;
  children: XmlNode[];
  line: number;
}

/** Receives well-formed XML element by element. */
export interface XmlEvents {
  /**
   * An element starts; `path` holds the local names of its ancestors, root first.
   * Return true to receive the whole element later as one `XmlNode` through `element`
   * (its inner elements are then not reported one by one).
   */
  start(
    name: string,
    attributes: readonly Attribute[],
    line: number,
    path: readonly string[],
  ): boolean;
  /** A captured element, complete. */
  element(node: XmlNode, path: readonly string[]): void;
}

const MAX_DEPTH = 64;
const MAX_NODES = 5_000;
const MAX_TEXT = 4_096;

/**
 * Gives XML markup its element structure, strictly: every start tag needs its own end
 * tag, so a truncated or garbled file is refused with the line. Depth is bounded, and a
 * captured subtree keeps at most `MAX_NODES` elements (the rest of a huge batch entry is
 * checked for well-formedness and dropped), so memory stays bounded on any input.
 */
export class XmlElements implements MarkupHandler {
  private readonly path: string[] = [];
  private readonly lines: number[] = [];
  private readonly capture: XmlNode[] = [];
  private captureDepth = -1;
  private captured = 0;
  private sawRoot = false;
  private readonly localNames = new Map<string, string>();

  constructor(private readonly events: XmlEvents) {}

  open(rawName: string, attributes: readonly Attribute[], line: number): void {
    const name = this.localName(rawName);
    if (this.path.length >= MAX_DEPTH)
      throw new ImportFileError(`elements nested more than ${MAX_DEPTH} deep`, line);
    if (this.path.length === 0 && this.sawRoot)
      throw new ImportFileError(`a second root element <${name}>`, line);
    this.sawRoot = true;
    if (this.captureDepth >= 0) {
      const node: XmlNode = { name, attributes, text: '', children: [], line };
      const parent = this.capture[this.capture.length - 1];
      if (parent && this.captured < MAX_NODES) parent.children.push(node);
      this.captured += 1;
      this.capture.push(node);
    } else if (this.events.start(name, attributes, line, this.path)) {
      this.captureDepth = this.path.length;
      this.captured = 1;
      this.capture.push({ name, attributes, text: '', children: [], line });
    }
    this.path.push(name);
    this.lines.push(line);
  }

  text(text: string, line: number): void {
    const node = this.capture[this.capture.length - 1];
    if (node) {
      if (node.text.length < MAX_TEXT) node.text += text.slice(0, MAX_TEXT);
      return;
    }
    if (this.path.length === 0 && /\S/.test(text))
      throw new ImportFileError('text outside the root element', line);
  }

  close(rawName: string, line: number): void {
    const name = this.localName(rawName);
    const open = this.path[this.path.length - 1];
    if (open !== name) {
      const detail =
        open === undefined
          ? 'no element is open'
          : `<${open}> (line ${this.lines[this.lines.length - 1]}) is still open`;
      throw new ImportFileError(`</${name}> does not fit: ${detail}`, line);
    }
    this.path.pop();
    this.lines.pop();
    if (this.captureDepth < 0) return;
    const node = this.capture.pop();
    if (node) node.text = node.text.trim();
    if (this.path.length === this.captureDepth && node) {
      this.captureDepth = -1;
      this.events.element(node, this.path);
    }
  }

  // Names repeat for every entry; the prefix is stripped once per distinct name.
  private localName(name: string): string {
    let local = this.localNames.get(name);
    if (local === undefined) {
      local = localName(name);
      if (this.localNames.size < 1024) this.localNames.set(name, local);
    }
    return local;
  }

  /** The input is over: every element must be closed. */
  end(line: number): void {
    const open = this.path[this.path.length - 1];
    if (open !== undefined) {
      throw new ImportFileError(
        `the file ends before </${open}> (opened on line ${this.lines[this.lines.length - 1]}); it looks truncated`,
        line,
      );
    }
    if (!this.sawRoot) throw new ImportFileError('the file holds no XML element', line);
  }
}

function localName(name: string): string {
  const colon = name.lastIndexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

// Paths are a handful of constant strings, queried for every entry: split each once.
const splitPaths = new Map<string, readonly string[]>();
function steps(path: string): readonly string[] {
  let parts = splitPaths.get(path);
  if (parts === undefined) {
    parts = path.split('/');
    if (splitPaths.size < 256) splitPaths.set(path, parts);
  }
  return parts;
}

/** The first child named `name`, following a "A/B/C" path. */
export function child(node: XmlNode | undefined, path: string): XmlNode | undefined {
  let current = node;
  for (const name of steps(path)) {
    if (current === undefined) return undefined;
    let found: XmlNode | undefined;
    for (const candidate of current.children) {
      if (candidate.name === name) {
        found = candidate;
        break;
      }
    }
    current = found;
  }
  return current;
}

/** Every child at a "A/B/C" path. */
export function children(node: XmlNode | undefined, path: string): XmlNode[] {
  let current: XmlNode[] = node ? [node] : [];
  for (const name of steps(path)) {
    const next: XmlNode[] = [];
    for (const parent of current)
      for (const item of parent.children) if (item.name === name) next.push(item);
    current = next;
  }
  return current;
}

/** The trimmed text at a "A/B/C" path, or '' when it is absent. */
export function textAt(node: XmlNode | undefined, path: string): string {
  return child(node, path)?.text ?? '';
}

/** An attribute's value by its local name. */
export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  return node?.attributes.find(([key]) => localName(key) === name)?.[1];
}
