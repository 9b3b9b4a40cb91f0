import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectFindings } from '../helpers';

const CAMERA = `host h {
  cpu c { vendor arm }
  memory m { size 8 GiB }
  iommu i { mode strict }
  camera cam { iommu i }
  link cam -- c : bus 2 GB/s
  buffer frames { in m, size 8 MiB, count 4, pinned }
  map cam -> frames write
}
`;

describe('DMA006 a ring drops transfers', () => {
  it('fires when the consumer is slower than the period, with the drop share and both times', () => {
    const [finding] = expectFindings('DMA006', `${CAMERA}flow ⟦video⟧ { from h.cam to h.frames size 8 MiB rate 30 fps consume 40 ms }`);
    assert.equal(finding!.severity, 'warning');
    assert.equal(
      finding!.message,
      "flow 'video' drops 16.7 % of its transfers: one arrives every 33.3 ms but the consumer needs 40 ms, so the 4-slot ring 'frames' fills and stays full; consume in at most 33.3 ms, or lower the rate",
    );
    assert.deepEqual(finding!.related?.map((r) => r.message), ['the consumer: 40 ms per transfer', 'the producer: one transfer every 33.3 ms', "buffer 'frames': 4 slots"]);
  });
  it('fires with every as the period', () => {
    expectFindings('DMA006', `${CAMERA}flow ⟦video⟧ { from h.cam to h.frames size 8 MiB every 10 ms consume 11 ms }`);
  });
  it('does not fire when the consumer keeps up, without consume, or without a period', () => {
    expectFindings('DMA006', `${CAMERA}flow video { from h.cam to h.frames size 8 MiB rate 30 fps consume 33 ms }`);
    expectFindings('DMA006', `${CAMERA}flow video { from h.cam to h.frames size 8 MiB rate 30 fps }`);
    expectFindings('DMA006', `${CAMERA}flow video { from h.cam to h.frames size 8 MiB rate 100 MB/s consume 1 s }`);
  });
  it('is not DMA005: a ring drop alone leaves the path warning silent', () => {
    expectFindings('DMA005', `${CAMERA}flow video { from h.cam to h.frames size 8 MiB rate 30 fps consume 40 ms }`);
  });
});
