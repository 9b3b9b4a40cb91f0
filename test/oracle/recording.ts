// SimGrid's recorded answers (simgrid-answers.json): each instance the suite
// cross-checks, with SimGrid's rate beside each flow, so the comparison runs
// on machines without SimGrid. Doubles are written by JSON.stringify, the
// shortest text that reads back as the same double, so nothing is rounded.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers';
import type { OracleInstance } from './instances';

/** The recording's path from the repository, as messages name it. */
export const RECORDING_NAME = 'test/oracle/simgrid-answers.json';
export const RECORDING = join(ROOT, ...RECORDING_NAME.split('/'));
export const RECORD_COMMAND = 'npm run oracle:record';

export interface RecordedFlow {
  readonly route: readonly number[];
  /** null for no cap (JSON has no Infinity). */
  readonly cap: number | null;
  /** SimGrid's rate, in the resources' unit. */
  readonly rate: number;
}

export interface RecordedInstance {
  readonly name: string;
  readonly capacities: readonly number[];
  readonly flows: readonly RecordedFlow[];
}

export interface Recording {
  readonly about: string;
  /** SimGrid's version, as its bindings report it. */
  readonly simgrid: string;
  readonly instances: readonly RecordedInstance[];
}

/** The recording, or undefined when there is none. */
export function readRecording(): Recording | undefined {
  return existsSync(RECORDING) ? (JSON.parse(readFileSync(RECORDING, 'utf8')) as Recording) : undefined;
}

/** The instance as the solver takes it. */
export function instanceOf(recorded: RecordedInstance): OracleInstance {
  return { name: recorded.name, capacities: recorded.capacities, flows: recorded.flows.map((f) => ({ route: f.route, cap: f.cap ?? Infinity })) };
}

const CAPACITIES_PER_LINE = 6;

/** The recording as text: one line per flow and a few capacities per line, so a diff shows what changed. */
export function formatRecording(recording: Recording): string {
  const json = JSON.stringify;
  const instances = recording.instances.map((instance) => {
    const capacities: string[] = [];
    for (let i = 0; i < instance.capacities.length; i += CAPACITIES_PER_LINE) {
      capacities.push(`        ${instance.capacities.slice(i, i + CAPACITIES_PER_LINE).map((c) => json(c)).join(', ')}`);
    }
    const flows = instance.flows.map((f) => `        {"route": [${f.route.join(', ')}], "cap": ${json(f.cap)}, "rate": ${json(f.rate)}}`);
    return [
      '    {',
      `      "name": ${json(instance.name)},`,
      `      "capacities": [\n${capacities.join(',\n')}\n      ],`,
      `      "flows": [\n${flows.join(',\n')}\n      ]`,
      '    }',
    ].join('\n');
  });
  return `{\n  "about": ${json(recording.about)},\n  "simgrid": ${json(recording.simgrid)},\n  "instances": [\n${instances.join(',\n')}\n  ]\n}\n`;
}

/**
 * The first way in which the recorded instances differ from `built` (names,
 * capacities, routes, caps; not rates), or undefined when they are the same.
 */
export function firstDifference(built: readonly OracleInstance[], recorded: readonly RecordedInstance[]): string | undefined {
  const builtNames = built.map((i) => i.name);
  const recordedNames = recorded.map((i) => i.name);
  const missing = builtNames.filter((n) => !recordedNames.includes(n));
  const extra = recordedNames.filter((n) => !builtNames.includes(n));
  if (missing.length > 0) return `not recorded: ${missing.join('; ')}`;
  if (extra.length > 0) return `recorded but no longer built: ${extra.join('; ')}`;
  if (builtNames.join('\n') !== recordedNames.join('\n')) return 'the instances are recorded in another order';
  for (const [n, b] of built.entries()) {
    const r = recorded[n]!;
    if (b.capacities.length !== r.capacities.length) return `${b.name}: ${b.capacities.length} resources now, ${r.capacities.length} recorded`;
    const c = b.capacities.findIndex((capacity, i) => capacity !== r.capacities[i]);
    if (c >= 0) return `${b.name}: resource ${c} has capacity ${b.capacities[c]} now, ${r.capacities[c]} recorded`;
    if (b.flows.length !== r.flows.length) return `${b.name}: ${b.flows.length} flows now, ${r.flows.length} recorded`;
    for (const [i, flow] of b.flows.entries()) {
      const was = r.flows[i]!;
      if (flow.route.join() !== was.route.join()) return `${b.name}: flow ${i} takes route [${flow.route.join(', ')}] now, [${was.route.join(', ')}] recorded`;
      if (flow.cap !== (was.cap ?? Infinity)) return `${b.name}: flow ${i} has cap ${flow.cap} now, ${was.cap ?? 'none'} recorded`;
    }
  }
  return undefined;
}
