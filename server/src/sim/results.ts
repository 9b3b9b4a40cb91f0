// What the simulation reports (simulation.md § 4–6): a typed result per
// flow and per link or memory. Every figure carries its unit in its name;
// what rules and hovers need (demand, carried rate, the ring, the
// bottleneck) is a field of its own, so nothing has to read it back out of
// a derivation's labels. The command line maps these to the contract's
// JSON names (`cli/simulate.ts`).
import type { Via } from '../model/index';
import type { Derivation } from './derivation';
import type { FlowDerivations } from './explain';
import type { PathClass } from './nccl';

/**
 * What limits a flow's throughput. A resource that saturated: a link (`id`
 * the link's, whichever direction), a memory, a device's DMA engine or a
 * drive's media (`id` the device); or the flow's own cap: one core's kernel
 * network stack on cpu `id`, its demand, or the pinned bounce bytes of a
 * staged pipeline on `host`. An unroutable flow is not simulated; a flow
 * that loads nothing and asks for no rate has none.
 */
export type Bottleneck =
  | { readonly kind: 'link' | 'memory' | 'engine' | 'media' | 'kernel'; readonly id: string }
  | { readonly kind: 'pinned'; readonly host: string }
  | { readonly kind: 'demand' | 'unroutable' | 'none' };

/** A bottleneck as the contract names it (`bottleneck` of `simulate --json`): the resource's or cpu's id, else its kind. */
export const bottleneckName = (bottleneck: Bottleneck): string => ('id' in bottleneck ? bottleneck.id : bottleneck.kind);

/**
 * The ring a periodic flow with a `consume` time fills (simulation.md § 6):
 * a transfer arrives every period into one of `slots` buffers, the consumer
 * takes `consume` over each.
 */
export interface RingResult {
  /** The `to` buffer's `count`; 1 for a flow into a device. */
  readonly slots: number;
  readonly periodSeconds: number;
  readonly consumeSeconds: number;
  /** Share of transfers (a ratio) lost once the ring is full: 1 − period / consume when consume > period, else 0. */
  readonly dropShare: number;
  /** The consumer delay its spare slots absorb, (slots − 1) × (period − consume), when it drops nothing; 0 when it drops. */
  readonly burstAbsorbedSeconds: number;
}

export interface FlowResult {
  readonly name: string;
  readonly group: string;
  readonly via: Via | undefined;
  readonly viaReason: string;
  /** Steady-state delivered rate: what the path carries, less what a ring drops. */
  readonly throughputBytesPerSecond: number;
  /** One transfer: size / carried rate + latency; Infinity when the path carries nothing. */
  readonly transferSeconds: number;
  readonly latencySeconds: number;
  readonly copies: number;
  readonly cpuBytes: number;
  readonly bottleneck: Bottleneck;
  readonly path: readonly string[];
  readonly pathClass: PathClass | undefined;
  /** What the flow asks for (`sim/demand.ts`); undefined for a one-shot elastic transfer. */
  readonly demandBytesPerSecond: number | undefined;
  /** What the path carries of the flow, before any ring drops: its max-min share; 0 when unroutable. */
  readonly carriedBytesPerSecond: number;
  /** Share of the demand (a ratio) the path cannot carry: 1 − carried / demand; 0 without a finite demand or when it keeps up. */
  readonly pathDropShare: number;
  /** Share of a periodic flow's transfers (a ratio) lost: 1 − (1 − path drop) × (1 − ring drop); 0 for a flow that is not periodic. */
  readonly dropShare: number;
  /** The ring at its end: set when the flow is periodic and has a `consume` time. */
  readonly ring: RingResult | undefined;
  /** How each figure was reached, built from the fields above (`explain.ts`). */
  readonly derivations: FlowDerivations;
}

export interface LinkResult {
  readonly id: string;
  /** Usable capacity per direction. */
  readonly capacityBytesPerSecond: number;
  /** Load of the busier direction. */
  readonly loadBytesPerSecond: number;
  /** Load / capacity of the busier direction, a ratio (0 for a link of no capacity). */
  readonly utilization: number;
  readonly derivation: Derivation;
}
