// The sharing instances the solver is cross-checked on against SimGrid. One
// module for test/simgrid.test.ts and scripts/record-oracle.ts, so that the
// recorded answers are for exactly the instances the suite builds.
import { relative } from 'node:path';
import { analyze } from '../../server/src/model/index';
import { Fabric } from '../../server/src/sim/fabric';
import { Planner } from '../../server/src/sim/plan';
import { groupsOf } from '../../server/src/sim/simulate';
import { randomShareInstance } from '../../scripts/generate';
import { read, ROOT, sampleFiles } from '../helpers';

export interface OracleFlow {
  /** Indices into the instance's resources; a resource listed k times is used k times. */
  readonly route: readonly number[];
  /** The flow's own limit in the resources' unit, or Infinity. */
  readonly cap: number;
}

export interface OracleInstance {
  /** `random 7` or `samples/NAME.dmatopo group G`: stable, so a diff of the recording reads. */
  readonly name: string;
  readonly capacities: readonly number[];
  readonly flows: readonly OracleFlow[];
}

export const RANDOM_SEEDS = Array.from({ length: 24 }, (_, i) => i + 1);

/** The seeded random instance `seed`: sizes vary from a few flows on a few resources to 300 on 900. */
export function randomInstance(seed: number): OracleInstance {
  const resources = 3 + ((seed * 37) % 60) * (seed % 4 === 0 ? 15 : 1);
  const flows = 2 + ((seed * 53) % 40) * (seed % 4 === 0 ? 7 : 1);
  const instance = randomShareInstance(resources, flows, 1 + (seed % 6), seed);
  // Repeated resources in one route: a CPU copy loads its memory twice.
  if (seed % 3 === 0) instance.flows.forEach((f, i) => i % 2 === 0 && f.route.push(f.route[0]!));
  return { name: `random ${seed}`, capacities: instance.resources.map((r) => r.capacity), flows: instance.flows };
}

/**
 * Every group of every sample whose weights are whole, as the simulation
 * plans it. SimGrid counts a resource k times when a route lists it k times,
 * so whole weights become repeats; a cached read's or a strided gather's
 * fractional weights have no such form, and those groups are left out.
 */
export function sampleInstances(): OracleInstance[] {
  const instances: OracleInstance[] = [];
  for (const file of sampleFiles()) {
    const { model } = analyze(read(file));
    const fabric = new Fabric(model);
    const planner = new Planner(fabric);
    const capacities = fabric.resources.map((r) => r.capacity);
    for (const group of groupsOf(model)) {
      const plans = [...model.flows.values()].filter((f) => f.group === group).map((f) => planner.plan(f));
      if (!plans.every((p) => p.weights.every((w) => Number.isInteger(w)))) continue;
      const flows = plans.map((p) => ({ route: p.uses.flatMap((r, i) => Array<number>(p.weights[i]!).fill(r)), cap: p.capBytesPerSecond }));
      instances.push({ name: `${relative(ROOT, file).split('\\').join('/')} group ${group}`, capacities, flows });
    }
  }
  return instances;
}

/** Every instance the suite cross-checks, in a fixed order. */
export function suiteInstances(): OracleInstance[] {
  return [...RANDOM_SEEDS.map(randomInstance), ...sampleInstances()];
}
