// The benchmark's generated topologies must be valid at every size it uses,
// or its rows time error paths: past one range's limit the NICs are attached
// in several ranges.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateHosts } from '../scripts/generate';
import { analyze } from '../server/src/model/index';
import { MAX_RANGE_HOSTS } from '../server/src/model/ranges';

describe('generated topologies', () => {
  it('stay valid past the hosts one range may declare, with every NIC on the network its flow crosses', () => {
    const hosts = MAX_RANGE_HOSTS + 1;
    const { model, diagnostics } = analyze(generateHosts(hosts));
    assert.deepEqual(diagnostics.map((d) => `${d.code} ${d.message}`), []);
    assert.deepEqual(model.networks.get('ib')?.ports.map((nic) => nic.id), Array.from({ length: hosts }, (_, i) => `h${i}.nic0`));
  });
});
