// The benchmark's generated topologies must be valid at every size it uses,
// or its rows time error paths: past one range's limit the NICs are attached
// in several ranges.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateFlows, generateHosts } from '../scripts/generate';
import { checkText } from '../server/src/analysis/snapshot';
import { analyze } from '../server/src/model/index';
import { MAX_RANGE_HOSTS } from '../server/src/model/ranges';

describe('generated topologies', () => {
  it('stay valid past the hosts one range may declare, with every NIC on the network its flow crosses', () => {
    const hosts = MAX_RANGE_HOSTS + 1;
    const { model, diagnostics } = analyze(generateHosts(hosts));
    assert.deepEqual(diagnostics.map((d) => `${d.code} ${d.message}`), []);
    assert.deepEqual(model.networks.get('ib')?.ports.map((nic) => nic.id), Array.from({ length: hosts }, (_, i) => `h${i}.nic0`));
  });

  it("issue 10's topology: each host's GPU to the next hosts' GPUs, checked without an error, 37,008 lines at 1,000 hosts and 10,000 flows", () => {
    const hosts = 60;
    const { model, diagnostics } = checkText(generateFlows(hosts, 10));
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`), []);
    assert.equal(model.flows.size, hosts * 10);
    const flows = [...model.flows.values()];
    assert.deepEqual(flows.slice(0, 11).map((f) => `${f.name} ${f.from?.id} ${f.to?.id} ${f.group}`), [
      ...Array.from({ length: 10 }, (_, k) => `f${k} h0.halo h${k + 1}.halo g${k % 4}`),
      'f10 h1.halo h2.halo g2',
    ]);
    assert.equal(flows[hosts * 10 - 1]!.to?.id, 'h9.halo', 'the last host sends around the ring');
    assert.equal(generateFlows(1_000, 10).split('\n').length - 1, 37_008);
  });
});
