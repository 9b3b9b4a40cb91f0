// Capped max-min sharing: hand-computed cases, and on random instances the
// two conditions that define the max-min fair allocation (every resource
// within capacity; every flow at its cap or bottlenecked on a saturated
// resource where no other flow gets more).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import './seed';
import { CAP, maxMinShare, maxMinShareOfUsed, type ShareFlow } from '../server/src/sim/share';

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≠ ${expected}`);

describe('maxMinShare by hand', () => {
  it('splits one link equally', () => {
    const { rates, bottlenecks } = maxMinShare([{ capacity: 12 }], [{ route: [0], cap: Infinity }, { route: [0], cap: Infinity }, { route: [0], cap: Infinity }]);
    assert.deepEqual([...rates], [4, 4, 4]);
    assert.deepEqual([...bottlenecks], [0, 0, 0]);
  });
  it('gives what a capped flow leaves to the others', () => {
    const { rates, bottlenecks } = maxMinShare([{ capacity: 10 }], [{ route: [0], cap: 2 }, { route: [0], cap: Infinity }, { route: [0], cap: Infinity }]);
    assert.deepEqual([...rates], [2, 4, 4]);
    assert.deepEqual([...bottlenecks], [CAP, 0, 0]);
  });
  it('freezes flows at successive bottlenecks', () => {
    // A = 10 carries f1, f2; B = 10 carries f2, f3, f4: B saturates first at 10/3.
    const { rates, bottlenecks } = maxMinShare([{ capacity: 10 }, { capacity: 10 }], [
      { route: [0], cap: Infinity },
      { route: [0, 1], cap: Infinity },
      { route: [1], cap: Infinity },
      { route: [1], cap: Infinity },
    ]);
    close(rates[1]!, 10 / 3, 'f2');
    close(rates[0]!, 20 / 3, 'f1 takes what f2 leaves on A');
    close(rates[2]!, 10 / 3, 'f3');
    assert.deepEqual([...bottlenecks], [0, 1, 1, 1]);
  });
  it('counts a resource a flow uses twice, twice', () => {
    // A CPU copy reads and writes the same memory.
    const { rates, loads } = maxMinShare([{ capacity: 10 }], [{ route: [0, 0], cap: Infinity }]);
    assert.equal(rates[0], 5);
    assert.equal(loads[0], 10);
    const shared = maxMinShare([{ capacity: 9 }], [{ route: [0, 0], cap: Infinity }, { route: [0], cap: Infinity }]);
    assert.deepEqual([...shared.rates], [3, 3]);
  });
  it('leaves a flow that uses nothing unbounded, and a capped one at its cap', () => {
    const { rates } = maxMinShare([], [{ route: [], cap: Infinity }, { route: [], cap: 7 }]);
    assert.deepEqual([...rates], [Infinity, 7]);
  });
});

describe('maxMinShare regressions', () => {
  it('takes the checked heap entry, not another of the same level that is stale (found by fast-check)', () => {
    const [{ resources, flows }] = JSON.parse("[{\"resources\":[{\"capacity\":1.0000000000000002},{\"capacity\":52650.095561074384},{\"capacity\":1.0000000000000024},{\"capacity\":18.63322763189932},{\"capacity\":19780484275.075455},{\"capacity\":1.0000000000000022},{\"capacity\":1036901.1087534392},{\"capacity\":2389264863.151238},{\"capacity\":1.0000000000000007},{\"capacity\":448338.3526505951},{\"capacity\":99999999999.99998}],\"flows\":[{\"route\":[1],\"cap\":Number.POSITIVE_INFINITY},{\"route\":[0,3],\"cap\":Number.POSITIVE_INFINITY},{\"route\":[0,0,6],\"cap\":Number.POSITIVE_INFINITY},{\"route\":[0,3],\"cap\":1},{\"route\":[0,0],\"cap\":1},{\"route\":[5,0],\"cap\":1},{\"route\":[0,3],\"cap\":1},{\"route\":[1,3,3,3,0],\"cap\":1},{\"route\":[5,5,3],\"cap\":Number.POSITIVE_INFINITY},{\"route\":[3],\"cap\":1},{\"route\":[0,1,3,5,3],\"cap\":Number.POSITIVE_INFINITY},{\"route\":[2,5,2,3],\"cap\":Number.POSITIVE_INFINITY},{\"route\":[5],\"cap\":Number.POSITIVE_INFINITY},{\"route\":[6],\"cap\":Number.POSITIVE_INFINITY},{\"route\":[3],\"cap\":Number.POSITIVE_INFINITY},{\"route\":[2,0,3],\"cap\":Number.POSITIVE_INFINITY},{\"route\":[5],\"cap\":1},{\"route\":[6],\"cap\":1},{\"route\":[7],\"cap\":1},{\"route\":[2],\"cap\":1},{\"route\":[2,0,0],\"cap\":Number.POSITIVE_INFINITY},{\"route\":[3],\"cap\":Number.POSITIVE_INFINITY},{\"route\":[0,0],\"cap\":Number.POSITIVE_INFINITY},{\"route\":[4],\"cap\":Number.POSITIVE_INFINITY},{\"route\":[5,8],\"cap\":1},{\"route\":[6],\"cap\":Number.POSITIVE_INFINITY},{\"route\":[3],\"cap\":Number.POSITIVE_INFINITY},{\"route\":[1],\"cap\":Number.POSITIVE_INFINITY},{\"route\":[2,2,10,5],\"cap\":Number.POSITIVE_INFINITY},{\"route\":[9,0,2],\"cap\":Number.POSITIVE_INFINITY}]}]".replace(/Number\.POSITIVE_INFINITY/g, '1e999')) as Array<{ resources: Array<{ capacity: number }>; flows: ShareFlow[] }>;
    const { rates, loads, bottlenecks } = maxMinShare(resources!, flows!);
    flows!.forEach((_, f) => {
      const r = bottlenecks[f]!;
      if (r >= 0) assert.ok(loads[r]! >= resources![r]!.capacity * (1 - 1e-9), `flow ${f}: its bottleneck ${r} is saturated`);
    });
    close(rates[19]!, 0.3125, 'flow 19 is not frozen early at 0.125');
  });
});

describe('maxMinShare on random instances', () => {
  const instance = fc
    .record({ resources: fc.array(fc.double({ min: 1, max: 1e11, noNaN: true }), { minLength: 1, maxLength: 30 }), flows: fc.nat({ max: 60 }) })
    .chain(({ resources, flows }) =>
      fc.record({
        resources: fc.constant(resources.map((capacity) => ({ capacity }))),
        flows: fc.array(
          fc.record({
            route: fc.array(fc.nat({ max: resources.length - 1 }), { minLength: 1, maxLength: 6 }),
            cap: fc.oneof(fc.constant(Infinity), fc.double({ min: 1, max: 1e11, noNaN: true })),
          }),
          { minLength: flows, maxLength: flows },
        ),
      }),
    );

  it('is feasible and max-min fair', () => {
    fc.assert(
      fc.property(instance, ({ resources, flows }) => {
        const { rates, loads, bottlenecks } = maxMinShare(resources, flows as ShareFlow[]);
        resources.forEach((r, i) => assert.ok(loads[i]! <= r.capacity * (1 + 1e-9), `resource ${i} within capacity`));
        flows.forEach((flow, f) => {
          const rate = rates[f]!;
          assert.ok(rate <= flow.cap * (1 + 1e-12), 'never above its cap');
          if (bottlenecks[f] === CAP) {
            close(rate, flow.cap, 'a capped flow runs at its cap');
            return;
          }
          const r = bottlenecks[f]!;
          assert.ok(flow.route.includes(r), 'its bottleneck is on its route');
          assert.ok(loads[r]! >= resources[r]!.capacity * (1 - 1e-9), 'its bottleneck is saturated');
          flows.forEach((other, g) => {
            if (other.route.includes(r)) assert.ok(rates[g]! <= rate * (1 + 1e-9), 'no flow gets more on its bottleneck');
          });
        });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('maxMinShareOfUsed', () => {
  // Few distinct capacities, caps and weights, so that resources saturate at equal levels and ties decide bottlenecks.
  const instance = fc
    .record({ resources: fc.array(fc.constantFrom(1, 2, 3, 6), { minLength: 1, maxLength: 40 }), flows: fc.nat({ max: 12 }) })
    .chain(({ resources, flows }) =>
      fc.record({
        resources: fc.constant(resources.map((capacity) => ({ capacity }))),
        flows: fc.array(
          fc.nat({ max: 5 }).chain((length) =>
            fc.record({
              route: fc.array(fc.nat({ max: resources.length - 1 }), { minLength: length, maxLength: length }),
              weights: fc.option(fc.array(fc.constantFrom(0.5, 1, 2), { minLength: length, maxLength: length }), { nil: undefined }),
              cap: fc.constantFrom(Infinity, 0.5, 1, 2),
            }),
          ),
          { minLength: flows, maxLength: flows },
        ),
      }),
    );

  it('gives the full solve\'s very numbers, over the resources the flows use', () => {
    fc.assert(
      fc.property(instance, ({ resources, flows }) => {
        const full = maxMinShare(resources, flows);
        const used = maxMinShareOfUsed(resources, flows);
        assert.deepEqual(used.rates, full.rates);
        assert.deepEqual(used.bottlenecks, full.bottlenecks);
        const usedIndices = [...new Set(flows.flatMap((flow) => flow.route))].sort((a, b) => a - b);
        assert.deepEqual([...used.used], usedIndices);
        assert.deepEqual([...used.usedLoads], usedIndices.map((r) => full.loads[r]!));
      }),
      { numRuns: 2000 },
    );
  });
});
