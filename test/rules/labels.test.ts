// No rule reads a derivation's labels. Derivations are for people (the
// `--explain` output, a hover); a rule that looked a figure up by a term's
// name would go silent when the name changed, and still type-check. Two
// checks: every rule finds exactly the same things when every label of the
// simulation's derivations is replaced (over documents where DMA005 and
// DMA006, the rules that read the simulation, fire with every kind of
// bottleneck they describe), and no rule's source mentions derivations.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Snapshot } from '../../server/src/analysis/snapshot';
import { RuleContext } from '../../server/src/rules/context';
import { RULES } from '../../server/src/rules/registry';
import type { Finding } from '../../server/src/rules/rule';
import type { Derivation, Term } from '../../server/src/sim/derivation';
import type { FlowResult, LinkResult, SimulationResult } from '../../server/src/sim/simulate';
import { read, ROOT, sampleFiles } from '../helpers';

/** A socket flow capped by its sender's kernel stack, and a staged upload capped by its pinned bounce bytes: DMA005's other bottlenecks. */
const CAPPED = `template s {
  cpu c { stack 1 GB/s }
  memory m { size 8 GiB }
  iommu mmu {}
  nic n {}
  gpu g { iommu mmu, memory 80 GiB }
  link n -- c : pcie gen4 x16
  link c -- g : pcie gen4 x16
  buffer tx { in m, size 1 MiB }
  buffer rx { in m, size 1 MiB }
  buffer src { in m, size 1 GiB, pageable }
  buffer bounce { in m, size 16 KiB, pinned }
  buffer dst { in g, size 1 GiB }
  map g -> bounce read
}
host a : s {}
host b : s {}
link a.n -- b.n : ethernet 100 Gbps
flow ping { from a.tx to b.rx size 1 MiB rate 2 GB/s via kernel }
flow up { from a.src to a.dst size 1 GiB rate 20 GB/s via staged bounce a.bounce chunk 16 KiB }
`;

const documents = (): Array<[string, string]> => [
  ...[...sampleFiles(), ...sampleFiles('samples/broken')].map((file): [string, string] => [file, read(file)]),
  ['kernel and pinned caps', CAPPED],
];

let counter = 0;
const label = (): string => `label ${++counter}`;

/** `derivation` with every quantity, formula, limit, term name and source text replaced; the numbers kept. */
function relabelled(derivation: Derivation): Derivation {
  return {
    quantity: label(),
    value: derivation.value,
    unit: derivation.unit,
    formula: label(),
    terms: derivation.terms.map((term): Term => ({
      name: label(),
      value: term.value,
      unit: term.unit,
      source: term.source.kind === 'input' || term.source.kind === 'default' ? { ...term.source, what: label() } : term.source,
      ...(term.derivation === undefined ? {} : { derivation: relabelled(term.derivation) }),
    })),
    ...(derivation.limitedBy === undefined ? {} : { limitedBy: label() }),
  };
}

function relabelledSimulation(simulation: SimulationResult): SimulationResult {
  const flow = (f: FlowResult): FlowResult => ({
    ...f,
    derivations: { throughput: relabelled(f.derivations.throughput), latency: relabelled(f.derivations.latency), transfer: relabelled(f.derivations.transfer), drop: relabelled(f.derivations.drop) },
  });
  const link = (l: LinkResult): LinkResult => ({ ...l, derivation: relabelled(l.derivation) });
  return {
    groups: simulation.groups.map((g) => ({ group: g.group, flows: g.flows.map(flow), links: g.links.map(link), memories: g.memories.map(link) })),
    flows: simulation.flows.map(flow),
    links: simulation.links.map(link),
  };
}

/** Every rule's findings over a snapshot's layers, with `simulation` standing for its simulation. */
function findings(snapshot: Snapshot, simulation: SimulationResult): Array<[string, Finding]> {
  const context = new RuleContext(snapshot.model, { fabric: snapshot.fabric, plans: snapshot.plans, simulation: () => simulation });
  const found: Array<[string, Finding]> = [];
  for (const rule of RULES) rule.check(context, (finding) => found.push([rule.meta.code, finding]));
  return found;
}

/** Every term name anywhere in a derivation. */
const names = (d: Derivation): string[] => d.terms.flatMap((t) => [t.name, ...(t.derivation === undefined ? [] : names(t.derivation))]);

/** Every term name anywhere in a simulation's flow derivations. */
const termNames = (simulation: SimulationResult): string[] => simulation.flows.flatMap((f) => Object.values(f.derivations).flatMap(names));

describe('no rule reads a derivation label', () => {
  it('finds the same things when every label of every derivation is replaced', () => {
    const fired = new Map<string, number>();
    for (const [name, text] of documents()) {
      const snapshot = new Snapshot(text);
      const simulation = snapshot.simulation();
      const relabelledRun = relabelledSimulation(simulation);
      assert.ok(!termNames(relabelledRun).some((n) => ['demand', 'carried', 'period', 'consume', 'ring slots', 'ring drop'].includes(n)), `${name}: the labels are gone`);
      const expected = findings(snapshot, simulation);
      assert.deepEqual(findings(snapshot, relabelledRun), expected, name);
      for (const [code] of expected) fired.set(code, (fired.get(code) ?? 0) + 1);
    }
    // The comparison means something only where the rules that read the simulation fire.
    assert.ok((fired.get('DMA005') ?? 0) >= 3, `DMA005 fired ${fired.get('DMA005') ?? 0} times`);
    assert.ok((fired.get('DMA006') ?? 0) >= 2, `DMA006 fired ${fired.get('DMA006') ?? 0} times`);
  });

  it('reaches every bottleneck DMA005 describes: a link, a kernel stack, the pinned bounce memory', () => {
    const messages = findings(new Snapshot(CAPPED), new Snapshot(CAPPED).simulation())
      .filter(([code]) => code === 'DMA005')
      .map(([, f]) => f.message);
    assert.equal(messages.length, 2, messages.join('\n'));
    assert.match(messages[0]!, /\(bottleneck: a\.c's kernel network stack\)/);
    assert.match(messages[1]!, /\(bottleneck: the pinned bounce memory of its staged pipeline\)/);
  });

  it('no rule\'s source mentions derivations or their terms', () => {
    const folder = join(ROOT, 'server', 'src', 'rules');
    const sources = readdirSync(folder).filter((f) => f.endsWith('.ts'));
    assert.ok(sources.includes('DMA005.ts') && sources.includes('DMA006.ts'));
    for (const file of sources) {
      const text = readFileSync(join(folder, file), 'utf8');
      assert.doesNotMatch(text, /derivation|\.terms\b/i, `${file} reads the simulation's typed fields, not its derivations`);
    }
  });
});
