// The fabric keeps every route it works out, by its ends: what it answers
// from its cache must be what it would work out afresh, for every pair of
// ends of every sample, and a topology's flows must not make it work out
// more routes than its hosts hold.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateFlows } from '../scripts/generate';
import { Snapshot } from '../server/src/analysis/snapshot';
import { analyze, type DeviceModel, type LinkEnd, type TopologyModel } from '../server/src/model/index';
import { routeWork } from '../server/src/sim/builds';
import { Fabric } from '../server/src/sim/fabric';
import { read, sampleFiles } from './helpers';

/** Every cpu, switch and device of each host, and every NIC of the topology. */
function endsOf(model: TopologyModel): { hosts: LinkEnd[][]; nics: DeviceModel[] } {
  const hosts = [...model.hosts.values()].map((host) => [...host.cpus, ...host.switches, ...host.devices]);
  const nics = [...model.hosts.values()].flatMap((host) => host.devices.filter((d) => d.deviceKind === 'nic'));
  return { hosts, nics };
}

describe('routes cached by their ends', () => {
  for (const file of [...sampleFiles(), ...sampleFiles('samples/broken')]) {
    it(`are the routes worked out afresh, for every pair of ends of ${file.split('/').pop()}`, () => {
      const { model } = analyze(read(file));
      const { hosts, nics } = endsOf(model);
      const cached = new Fabric(model);
      const pairs = hosts.flatMap((ends) => ends.flatMap((a) => ends.map((b) => [a, b] as const)));
      const nicPairs = nics.flatMap((a) => nics.map((b) => [a, b] as const));
      // Fill the cache in one order, then read it in the reverse one.
      for (const [a, b] of pairs) cached.hostRoute(a, b);
      for (const [a, b] of nicPairs) cached.networkRoute(a, b);
      let routed = 0;
      for (const [a, b] of [...pairs].reverse()) {
        const route = cached.hostRoute(a, b);
        assert.deepEqual(route, new Fabric(model).hostRoute(a, b), `${a.id} to ${b.id}`);
        assert.equal(cached.hostRoute(a, b), route, 'asked again, the same route');
        if (route !== undefined) routed++;
      }
      for (const [a, b] of [...nicPairs].reverse()) {
        assert.deepEqual(cached.networkRoute(a, b), new Fabric(model).networkRoute(a, b), `${a.id} to ${b.id} over the network`);
        assert.equal(cached.connects(a, b), cached.networkRoute(a, b) !== undefined);
      }
      // The check would hold vacuously on a sample with no route at all.
      if (model.hosts.size > 0 && hosts.some((ends) => ends.length > 1)) assert.ok(routed > 0, 'some pair has a route');
    });
  }

  it('are worked out once per pair of ends, however many flows cross them', () => {
    const routesFor = (flowsPerHost: number): number => {
      const snapshot = new Snapshot(generateFlows(40, flowsPerHost));
      const before = routeWork.routes;
      assert.equal(snapshot.plans.size, 40 * flowsPerHost);
      return routeWork.routes - before;
    };
    const few = routesFor(1);
    // Ten times the flows between the same hosts: only the new NIC pairs are new network routes.
    assert.equal(routesFor(10), few + 40 * 9);
  });
});
