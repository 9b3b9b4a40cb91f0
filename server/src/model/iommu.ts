// Whether an IOMMU translates: the one home of the answer every rule and
// the reach list share. Strict and lazy modes check each DMA against the
// maps (lazy only defers the IOTLB flush after an unmap); identity maps
// every address to itself and off bypasses translation, so a device behind
// either reaches physical memory (Linux: iommu.passthrough=1 is identity,
// Documentation/admin-guide/kernel-parameters.txt, iommu.strict).
import type { IommuModel } from './types';

/** True in strict or lazy mode; false in identity or off mode. */
export function translates(iommu: IommuModel): boolean {
  return iommu.mode === 'strict' || iommu.mode === 'lazy';
}
