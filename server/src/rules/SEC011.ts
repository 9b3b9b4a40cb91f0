// SEC011: least privilege for maps. A `rw` map whose every use only reads
// (or only writes) grants an access no flow needs; a map no flow uses grants
// access for nothing (Linux dma-iommu `dma_info_to_prot`: the IOMMU enforces
// exactly the direction the driver asked for).
import type { FlowModel, MapModel, RelatedLocation } from '../model/index';
import type { RuleContext } from './context';
import { list } from './fixes';
import { listIn } from './indexes';
import type { Fix, Rule } from './rule';

interface Use {
  readonly flow: FlowModel;
  readonly access: 'read' | 'write';
}

export const SEC011: Rule = {
  meta: {
    code: 'SEC011',
    severity: 'warning',
    summary: 'a map grants more than the flows need: rw where one direction is used, or no use at all',
    fixable: true,
  },
  check(context, report) {
    // A map a template gives is one declaration in every host made from it: judge it over all of them, so its fix is right for each.
    for (const maps of declarations(context)) {
      // A flow that could not be planned (no route) has no hops to judge by: leave the maps it names alone.
      if (maps.some((map) => context.indexes.namedByUnplannedFlow(map.device!) || context.indexes.namedByUnplannedFlow(map.buffer!))) continue;
      const uses = maps.flatMap((map) => usesOf(context, map));
      const map = maps[0]!;
      const device = map.device!;
      const buffer = map.buffer!;
      if (uses.length === 0) {
        for (const each of maps) {
          report({
            span: each.span,
            severity: 'information',
            message: `no flow has ${device.deviceKind} '${device.name}' ${verb(map.access)} buffer '${buffer.name}', yet this map lets it ${grant(map.access)} it; remove the map`,
            related: parties(map),
            host: each.host.name,
            fix: { title: `Remove the unused map of ${device.name} to ${buffer.name}`, edits: [{ span: map.span, newText: '' }] },
          });
        }
        continue;
      }
      if (map.access !== 'rw') continue;
      const reads = uses.some((u) => u.access === 'read');
      const writes = uses.some((u) => u.access === 'write');
      if (reads && writes) continue;
      const needed: 'read' | 'write' = reads ? 'read' : 'write';
      const unneeded = reads ? 'write' : 'read';
      const flows = [...new Set(uses.map((u) => u.flow))];
      // One message for every host made from the declaration: built once, not once per host over all their flows.
      const message = `'map ${device.name} -> ${buffer.name} rw' also lets ${device.deviceKind} '${device.name}' ${unneeded === 'write' ? 'overwrite' : 'read'} buffer '${buffer.name}', but every flow through it (${list(flows.map((f) => f.name))}) only ${needed}s it; narrow the map to ${needed}`;
      const related = [...parties(map), ...flows.map((flow) => ({ span: flow.nameSpan, message: `flow '${flow.name}' ${needed}s it` }))];
      for (const each of maps) {
        report({ span: each.span, severity: 'warning', message, related, host: each.host.name, fix: narrow(map, needed) });
      }
    }
  },
};

/** Resolved maps, grouped by declaration (a template's map is one declaration in several hosts). */
function declarations(context: RuleContext): MapModel[][] {
  const groups = new Map<string, MapModel[]>();
  for (const host of context.hosts) {
    for (const map of host.maps) {
      if (map.device === undefined || map.buffer === undefined || map.access === undefined) continue;
      const key = `${map.span.start}:${map.span.end}`;
      listIn(groups, key).push(map);
    }
  }
  return [...groups.values()];
}

/** A flow uses a map when one of its DMA hops is by the map's device and reads (fromBuffer) or writes (toBuffer) the map's buffer. */
function usesOf(context: RuleContext, map: MapModel): Use[] {
  const uses: Use[] = [];
  for (const { flow, hop } of context.indexes.dmaHopsBetween(map.device!, map.buffer!)) {
    if (hop.fromBuffer === map.buffer) uses.push({ flow, access: 'read' });
    if (hop.toBuffer === map.buffer) uses.push({ flow, access: 'write' });
  }
  return uses;
}

function verb(access: MapModel['access']): string {
  return access === 'read' ? 'read' : access === 'write' ? 'write' : 'read or write';
}

function grant(access: MapModel['access']): string {
  return access === 'read' ? 'read' : access === 'write' ? 'overwrite' : 'read and overwrite';
}

function parties(map: MapModel): RelatedLocation[] {
  return [
    { span: map.device!.nameSpan, message: `${map.device!.deviceKind} '${map.device!.name}'` },
    { span: map.buffer!.nameSpan, message: `buffer '${map.buffer!.name}'` },
  ];
}

/** Replace the access word `rw`, the last word of the map. */
function narrow(map: MapModel, access: 'read' | 'write'): Fix {
  return { title: `Narrow the map of ${map.device!.name} to ${map.buffer!.name} to ${access}`, edits: [{ span: { start: map.span.end - 'rw'.length, end: map.span.end }, newText: access }] };
}
