/** A `uses` entry: the service or store it names, and whether access is read-only (NAME:read). */
export interface Edge {
  target: string;
  mode: 'read' | 'read-write';
  /** Implied, not written: the store whose cache this edge reaches (in_front_of). */
  via?: string;
  /** Implied, not written: the queue a worker consumes. */
  consumed?: true;
}

export function parseEdge(entry: string): Edge {
  const [target, suffix] = entry.split(':');
  return { target, mode: suffix === 'read' ? 'read' : 'read-write' };
}
