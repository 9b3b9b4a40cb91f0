import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectFindings } from '../helpers';

const HOST = `host h {
  cpu c {}
  memory ram { size 16 GiB }
  iommu i { mode strict }
  nic n { iommu i }
  gpu g { iommu i }
  nvme tb { iommu i, external }
  nic vnic { iommu i }
  nic vnic2 { iommu i }
  link c -- n : pcie gen4 x8
  link c -- g : pcie gen4 x16
  link c -- tb : pcie gen3 x4
  link c -- vnic : pcie gen4 x8
  link c -- vnic2 : pcie gen4 x8
  vm guest { passthrough vnic }
  vm other { passthrough vnic2 }
  buffer data { in ram, size 4 MiB, pinned }
`;

describe('SEC010 one buffer shared across trust domains or owners', () => {
  it('fires on the untrusted device\'s map, whichever comes first, with the trusted map related', () => {
    const [finding] = expectFindings('SEC010', `${HOST}  ⟦map tb -> data write⟧\n  map n -> data read\n}`);
    assert.equal(finding!.severity, 'warning');
    assert.match(finding!.message, /buffer 'data' is mapped to both tb and n, but nvme 'tb' is external and nic 'n' is not: tb can read or overwrite the data n moves through it; give each trust domain its own buffer/);
    assert.equal(finding!.related?.[0]?.message, "the map of nic 'n' (trusted, host h)");
  });
  it('fires when a host device and a vm\'s device share a buffer, on the vm\'s map', () => {
    const [finding] = expectFindings('SEC010', `${HOST}  map n -> data read\n  ⟦map vnic -> data write⟧\n}`);
    assert.match(finding!.message, /nic 'vnic' belongs to vm guest and nic 'n' to host h/);
    assert.match(finding!.message, /give each owner its own buffer$/);
  });
  it('fires for two vms, on the later map, and once per extra domain', () => {
    expectFindings('SEC010', `${HOST}  map vnic -> data write\n  ⟦map vnic2 -> data read⟧\n}`);
    expectFindings('SEC010', `${HOST}  map n -> data read\n  map g -> data write\n  ⟦map tb -> data write⟧\n  ⟦map vnic -> data read⟧\n}`);
  });
  it('does not fire for devices of one trust and one owner, or one device mapped twice', () => {
    expectFindings('SEC010', `${HOST}  map n -> data read\n  map g -> data write\n}`);
    expectFindings('SEC010', `${HOST}  map tb -> data write\n  map tb -> data read\n}`);
  });
});
