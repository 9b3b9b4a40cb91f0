// What a flow asks of its path (simulation.md § 4 and § 6): its demand in
// bytes per second and its period. The one home of both formulas; the
// planner caps the flow at its demand, the simulation measures what it
// loses against it.
import type { FlowModel } from '../model/index';

/**
 * Bytes per second the flow asks for: `rate` in bytes per second as
 * written, `rate` as a frequency × size, or size / `every`; undefined for a
 * one-shot elastic transfer, which takes what the path gives.
 */
export function demandBytesPerSecond(flow: FlowModel): number | undefined {
  if (flow.demandBytesPerSecond !== undefined) return flow.demandBytesPerSecond;
  if (flow.frequencyHz !== undefined) return flow.frequencyHz * flow.sizeBytes;
  if (flow.everySeconds !== undefined) return flow.sizeBytes / flow.everySeconds;
  return undefined;
}

/** Seconds between two transfers of a periodic flow (`every`, or 1 / a `rate` frequency); undefined when it is not periodic. */
export function periodSeconds(flow: FlowModel): number | undefined {
  return flow.everySeconds ?? (flow.frequencyHz !== undefined ? 1 / flow.frequencyHz : undefined);
}
