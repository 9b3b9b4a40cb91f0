// How each figure of a flow was reached: its derivations, built from the
// flow's typed result (and the plan and fabric behind it), never the other
// way round. Nothing reads these but a person: `simulate --explain` prints
// them, a hover may; rules read the typed fields.
import type { FlowModel } from '../model/index';
import { assumed, derived, input, schemaSource, sourceOf, type Derivation, type Source, type Term } from './derivation';
import type { Fabric } from './fabric';
import { DMA_SETUP_SECONDS, type FlowPlan } from './plan';
import { CAP } from './share';
import { bottleneckName, type FlowResult } from './results';

/** A flow's figures: its result but for the derivations. */
export type FlowFigures = Omit<FlowResult, 'derivations'>;

export interface FlowDerivations {
  readonly throughput: Derivation;
  readonly latency: Derivation;
  readonly transfer: Derivation;
  readonly drop: Derivation;
}

/** What a flow's latency adds up (simulation.md § 5). */
export interface LatencyParts {
  readonly seconds: number;
  readonly linkSeconds: number;
  readonly dmaHops: number;
  /** A kernel path: syscall and interrupt per side, and the CPU copies. */
  readonly kernel: { readonly sideSeconds: number; readonly copySeconds: number } | undefined;
  /** A staged path: one chunk through every stage. */
  readonly staged: { readonly chunkBytes: number; readonly fillSeconds: number } | undefined;
}

/** `index`: the resource the solver froze the flow on, or `CAP`. */
export function flowDerivations(fabric: Fabric, plan: FlowPlan, figures: FlowFigures, latency: LatencyParts, index: number): FlowDerivations {
  const flow = plan.flow;
  const latencyDerivation = latencyOf(flow, latency);
  return {
    throughput: throughputOf(fabric, plan, figures, index),
    latency: latencyDerivation,
    transfer: {
      quantity: `time of one transfer of ${flow.name}`,
      value: figures.transferSeconds,
      unit: 's',
      formula: 'size / rate + latency',
      terms: [
        { name: 'size', value: flow.sizeBytes, unit: 'B', source: sourceOf(flow.written, 'size', 'size') },
        { name: 'rate', value: figures.carriedBytesPerSecond, unit: 'B/s', source: derived },
        { name: 'latency', value: latencyDerivation.value, unit: 's', source: derived, derivation: latencyDerivation },
      ],
    },
    drop: dropOf(flow, figures),
  };
}

function throughputOf(fabric: Fabric, plan: FlowPlan, figures: FlowFigures, index: number): Derivation {
  const bottleneck = bottleneckName(figures.bottleneck);
  const ringDrop = figures.ring?.dropShare ?? 0;
  const terms: Term[] = [];
  if (index >= 0) {
    const resource = fabric.resources[index]!;
    terms.push({ name: `capacity of ${bottleneck}`, value: resource.capacity, unit: 'B/s', source: derived, derivation: resource.derivation });
  }
  if (plan.capReason === 'pinned' && plan.pinned !== undefined) {
    const p = plan.pinned;
    const bounce = p.buffer;
    const bounceBytes: Derivation = {
      quantity: `bounce bytes on ${p.host}`,
      value: p.bounceBytes,
      unit: 'B',
      formula: 'size × count of its bounce buffer',
      terms: [
        { name: `size of ${bounce.id}`, value: bounce.sizeBytes, unit: 'B', source: sourceOf(bounce.written, 'size', 'size') },
        { name: `count of ${bounce.id}`, value: bounce.count, unit: 'buffers', source: sourceOf(bounce.written, 'count', 'count', () => schemaSource('buffer', 'count')) },
      ],
    };
    terms.push(
      { name: `bounce bytes on ${p.host}`, value: p.bounceBytes, unit: 'B', source: derived, derivation: bounceBytes },
      { name: 'chunk', value: p.chunkBytes, unit: 'B', source: chunkSource(plan.flow) },
      { name: 'round of one chunk through its stages', value: p.roundSeconds, unit: 's', source: derived },
    );
  }
  if (Number.isFinite(plan.capBytesPerSecond)) {
    const name = plan.capReason === 'demand' ? 'demand' : `limit (${plan.capReason === 'kernel' ? plan.stackCpu : plan.capReason})`;
    terms.push({ name, value: plan.capBytesPerSecond, unit: 'B/s', source: derived });
  }
  if (ringDrop > 0) terms.push({ name: 'ring drop', value: ringDrop, unit: 'ratio', source: derived });
  const formula =
    index === CAP
      ? plan.capReason === 'pinned'
        ? 'bounce bytes / round time of one chunk (Little\'s law)'
        : plan.capReason === 'demand'
          ? 'its demand: the path carries all of it'
          : 'one core\'s kernel network stack'
      : 'its max-min fair share of the bottleneck, with the other flows of its group';
  return {
    quantity: `throughput of ${plan.flow.name}`,
    value: figures.throughputBytesPerSecond,
    unit: 'B/s',
    formula: ringDrop > 0 ? `${formula}, less what the ring drops` : formula,
    terms,
    limitedBy: bottleneck,
  };
}

function latencyOf(flow: FlowModel, parts: LatencyParts): Derivation {
  const terms: Term[] = [
    { name: 'link latencies', value: parts.linkSeconds, unit: 's', source: derived },
    { name: 'DMA hops', value: parts.dmaHops, unit: 'hops', source: derived },
    { name: 'DMA setup per descriptor chain', value: DMA_SETUP_SECONDS, unit: 's', source: assumed('a typical descriptor fetch and doorbell; engines vary') },
  ];
  let formula = 'link latencies + DMA setup × DMA hops';
  if (parts.kernel !== undefined) {
    formula += ' + 2 × syscall and interrupt + CPU copy time';
    terms.push(
      { name: 'syscall and interrupt per side', value: parts.kernel.sideSeconds, unit: 's', source: assumed('typical Linux socket send or receive path') },
      { name: 'CPU copy time', value: parts.kernel.copySeconds, unit: 's', source: derived },
    );
  }
  if (parts.staged !== undefined) {
    formula += ' + pipeline fill (one chunk through every stage)';
    terms.push({ name: 'chunk', value: parts.staged.chunkBytes, unit: 'B', source: chunkSource(flow) }, { name: 'pipeline fill', value: parts.staged.fillSeconds, unit: 's', source: derived });
  }
  return { quantity: `latency of ${flow.name}`, value: parts.seconds, unit: 's', formula, terms };
}

function dropOf(flow: FlowModel, figures: FlowFigures): Derivation {
  const { demandBytesPerSecond: demand, ring } = figures;
  const terms: Term[] = [];
  if (demand !== undefined && Number.isFinite(demand)) {
    terms.push(
      { name: 'demand', value: demand, unit: 'B/s', source: rateOrEvery(flow) },
      { name: 'carried', value: figures.carriedBytesPerSecond, unit: 'B/s', source: derived },
      { name: 'path drop', value: figures.pathDropShare, unit: 'ratio', source: derived },
    );
  }
  if (ring !== undefined) {
    terms.push(
      { name: 'period', value: ring.periodSeconds, unit: 's', source: rateOrEvery(flow) },
      { name: 'consume', value: ring.consumeSeconds, unit: 's', source: sourceOf(flow.written, 'consume', 'consume') },
      { name: 'ring slots', value: ring.slots, unit: 'buffers', source: slotsSource(flow) },
      { name: 'ring drop', value: ring.dropShare, unit: 'ratio', source: derived },
    );
  }
  return {
    quantity: `drop rate of ${flow.name}`,
    value: figures.dropShare,
    unit: 'ratio',
    formula: '1 − (1 − path drop) × (1 − ring drop); path drop = 1 − carried / demand; ring drop = 1 − period / consume when consume > period',
    terms,
    limitedBy: (ring?.dropShare ?? 0) > 0 ? 'the consumer is slower than the period' : figures.pathDropShare > 0 ? 'the path carries less than the demand' : 'nothing drops',
  };
}

const chunkSource = (flow: FlowModel): Source => sourceOf(flow.written, 'chunk', 'chunk', () => schemaSource('flow', 'chunk'));

/** The demand and the period come from `rate` or `every`, whichever the model holds (they exclude each other). */
function rateOrEvery(flow: FlowModel): Source {
  const property = flow.written.valid('rate') ?? flow.written.valid('every');
  return property === undefined ? assumed('neither rate nor every is written') : input('rate or every', property.span);
}

/** A ring's slots: the `to` buffer's `count`, written or its default; a device at the end holds one transfer. */
function slotsSource(flow: FlowModel): Source {
  const to = flow.to;
  if (to?.kind !== 'buffer') return assumed('the flow ends in a device, not a buffer: one transfer at a time');
  return sourceOf(to.written, 'count', 'count', () => schemaSource('buffer', 'count'));
}
