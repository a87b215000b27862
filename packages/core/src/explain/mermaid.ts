import type { NapkinView } from './napkin-view.js';

/** Mermaid node ids allow letters, digits and underscores only. */
function nodeId(...parts: string[]): string {
  return parts.join('__').replace(/[^A-Za-z0-9_]/g, '_');
}

function label(text: string): string {
  return `"${text.replaceAll('"', '#quot;')}"`;
}

/**
 * The napkin view as a Mermaid flowchart: one subgraph per environment, parent →
 * apps → identities → capabilities; temporary capabilities are dashed and dated.
 */
export function renderNapkinMermaid(view: NapkinView): string {
  const lines = ['flowchart LR'];
  for (const environment of view.environments) {
    const entries = view.entries.filter((entry) => entry.environment === environment);
    lines.push(`  subgraph ${nodeId(environment)}[${label(environment)}]`);
    const declared = new Set<string>();
    const node = (id: string, text: string) => {
      if (declared.has(id)) return id;
      declared.add(id);
      lines.push(`    ${id}[${label(text)}]`);
      return id;
    };
    const edges = new Set<string>();
    const edge = (from: string, to: string, dashed = false, text?: string) => {
      const arrow = dashed ? `-.${text ? ` ${text} ` : ''}.->` : '-->';
      const line =
        dashed && text ? `    ${from} -. ${label(text)} .-> ${to}` : `    ${from} ${arrow} ${to}`;
      edges.add(line);
    };
    for (const entry of entries) {
      let above = node(nodeId(environment, 'parent', entry.parents[0]!), entry.parents[0]!);
      for (const parent of entry.parents.slice(1)) {
        const id = node(nodeId(environment, 'app', parent), parent);
        edge(above, id);
        above = id;
      }
      const app = node(nodeId(environment, 'app', entry.app), entry.app);
      edge(above, app);
      const identity = node(nodeId(environment, 'id', entry.app, entry.identity), entry.identity);
      edge(app, identity);
      for (const capability of entry.capabilities) {
        const text = capability.accessLevel
          ? `${capability.name} (${capability.accessLevel})`
          : capability.name;
        const id = node(nodeId(environment, 'cap', entry.parents.at(-1)!, capability.name), text);
        edge(
          identity,
          id,
          Boolean(capability.until),
          capability.until ? `until ${capability.until.slice(0, 10)}` : undefined,
        );
      }
    }
    lines.push(...edges, '  end');
  }
  return `${lines.join('\n')}\n`;
}
