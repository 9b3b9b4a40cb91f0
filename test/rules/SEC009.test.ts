import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectFindings } from '../helpers';

const HOST = `host h {
  cpu c {}
  memory kmem { size 1 GiB, kernel }
  memory ram { size 16 GiB }
  iommu i { mode strict }
  nic n { iommu i }
  nvme tb { iommu i, external }
  link c -- n : pcie gen4 x8
  link c -- tb : pcie gen3 x4
  buffer rx { in kmem, size 2 MiB, pinned }
  buffer keys { in ram, size 4 KiB, pinned, sensitive }
  buffer data { in ram, size 4 MiB, pinned }
`;

describe('SEC009 a map that hands a device kernel memory or secrets', () => {
  it('fires on a map of a buffer in kernel memory, at the map, as an error', () => {
    const [finding] = expectFindings('SEC009', `${HOST}  ⟦map n -> rx write⟧\n}\nflow f { from h.n to h.rx size 2 MiB }`);
    assert.equal(finding!.severity, 'error');
    assert.match(finding!.message, /nic 'n' buffer 'rx', which lives in kernel memory 'kmem': it can overwrite the OS's own data next to it; map a dedicated buffer/);
    assert.deepEqual(finding!.related?.map((r) => r.message), ["nic 'n'", "buffer 'rx'", "memory 'kmem' (kernel)"]);
    assert.equal(finding!.data, undefined);
  });
  it('fires on a sensitive buffer mapped to an external device', () => {
    const [finding] = expectFindings('SEC009', `${HOST}  ⟦map tb -> keys read⟧\n}\nflow f { from h.keys to h.tb size 4 KiB }`);
    assert.match(finding!.message, /'keys', which is sensitive and tb is external: it can read the secrets it holds/);
  });
  it('names both reasons at once', () => {
    const text = HOST.replace('buffer rx { in kmem, size 2 MiB, pinned }', 'buffer rx { in kmem, size 2 MiB, pinned, sensitive }');
    const [finding] = expectFindings('SEC009', `${text}  ⟦map tb -> rx rw⟧\n}`);
    assert.match(finding!.message, /lives in kernel memory 'kmem' and is sensitive and tb is external: it can read and overwrite/);
  });
  it('does not fire for a sensitive buffer mapped to a trusted device, nor for ordinary memory', () => {
    expectFindings('SEC009', `${HOST}  map n -> keys read\n  map tb -> data write\n}\nflow f { from h.keys to h.n size 4 KiB }\nflow g { from h.tb to h.data size 4 MiB }`);
  });
  it('reports a template map once, naming the hosts', () => {
    const [finding] = expectFindings('SEC009', `template t {\n  cpu c {}\n  memory kmem { size 1 GiB, kernel }\n  iommu i {}\n  nic n { iommu i }\n  link c -- n : pcie gen4 x8\n  buffer rx { in kmem, size 2 MiB, pinned }\n  ⟦map n -> rx write⟧\n}\nhost k[0..1] : t {}`);
    assert.match(finding!.message, /\(hosts k0, k1\)$/);
  });
});
