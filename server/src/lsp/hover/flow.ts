// A flow's hover: what it moves, then every figure the simulation gives it
// (via and why, path class, throughput, transfer time, latency, copies, CPU
// bytes, drops, bottleneck), then how each was reached, its inputs linked to
// where they are written. Read from the group's simulation and the plan.
import type { FlowModel, TopologyModel } from '../../model/index';
import type { BodyDecl } from '../../syntax/ast';
import type { FlowResult } from '../../sim/simulate';
import type { FlowPlan } from '../../sim/plan';
import { VALUE_DOCS } from '../../syntax/keywordDocs';
import { derivationMarkdown, formatBytes, formatFigure, formatRate, formatSeconds, formatShare } from '../figures';
import { andMore, code, cut, escape, plural, table } from '../markdown';
import { NOT_SIMULATED, type HoverContext } from './context';

/** Nodes of a path shown before it is cut. */
const PATH_NODES = 12;

/** The flow a `flow` declaration makes; undefined when it is left out of the model (its name taken by an earlier one: REF002). */
export function declaredFlow(model: TopologyModel, decl: Pick<BodyDecl, 'name'>): FlowModel | undefined {
  const flow = decl.name === undefined ? undefined : model.flows.get(decl.name.text);
  return flow !== undefined && flow.nameSpan.start === decl.name!.span.start ? flow : undefined;
}

export function flowHover(ctx: HoverContext, flow: FlowModel): string[] {
  const blocks = [title(ctx, flow)];
  const { snapshot, index } = ctx;
  if (snapshot.model.incomplete === true) {
    blocks.push(NOT_SIMULATED);
    return blocks;
  }
  const plan = snapshot.plans.get(flow);
  const result = index.result(flow);
  if (plan === undefined || result === undefined) return blocks;
  if (plan.problem !== undefined) {
    blocks.push(`Not simulated: ${escape(plan.problem)}.`);
    return blocks;
  }
  blocks.push(table(['figure', 'value'], figureRows(ctx, flow, plan, result)).join('\n'));
  blocks.push(['**How the figures were reached**', ...derivations(ctx, plan, result)].join('\n'));
  return blocks;
}

/** `flow f`: from → to, size, demand, group; each value linked to where it is written. */
function title(ctx: HoverContext, flow: FlowModel): string {
  const written = flow.written;
  const at = (key: string, text: string): string => {
    const property = written.valid(key);
    return property === undefined ? text : ctx.place(property.span, text);
  };
  const parts = [
    `${flow.from === undefined ? '?' : code(flow.from.id)} → ${flow.to === undefined ? '?' : code(flow.to.id)}`,
    `${at('size', formatBytes(flow.sizeBytes))} per transfer`,
  ];
  if (flow.demandBytesPerSecond !== undefined) parts.push(`asking ${at('rate', formatRate(flow.demandBytesPerSecond))}`);
  else if (flow.frequencyHz !== undefined) parts.push(`${at('rate', formatFigure(flow.frequencyHz, 'Hz'))}: one every ${formatSeconds(1 / flow.frequencyHz)}`);
  else if (flow.everySeconds !== undefined) parts.push(`one every ${at('every', formatSeconds(flow.everySeconds))}`);
  return `**flow ${code(flow.name)}** (group ${code(flow.group)}): ${parts.join(', ')}`;
}

function figureRows(ctx: HoverContext, flow: FlowModel, plan: FlowPlan, result: FlowResult): string[][] {
  const via = result.via === undefined ? '—' : `${code(result.via)}: ${result.viaReason === 'written in the flow' ? 'written in the flow' : `chosen, ${escape(result.viaReason)}`}`;
  const { shown, more } = cut(result.path, PATH_NODES);
  const path = shown.map(escape).join(' → ') + (more > 0 ? ` … ${andMore(more, 'nodes')}` : '');
  return [
    ['via', via],
    ['path', `${result.pathClass === undefined ? '' : `${code(result.pathClass)}: `}${path}`],
    ['throughput', `**${formatRate(result.throughputBytesPerSecond)}**`],
    ['transfer time', formatSeconds(result.transferSeconds)],
    ['latency', formatSeconds(result.latencySeconds)],
    ['copies', String(result.copies)],
    ['CPU bytes', `${formatFigure(result.cpuBytes, 'B')} per transfer`],
    ['drops', result.dropShare === 0 ? '0 %' : formatShare(result.dropShare)],
    ['bottleneck', bottleneckText(ctx, flow, plan, result)],
  ];
}

/** The bottleneck and its share: `h0.nic0--ib`, 24.8 GB/s usable, crossed by 2 flows of group g0 → 12.4 GB/s each. */
export function bottleneckText(ctx: HoverContext, flow: FlowModel, plan: FlowPlan, result: FlowResult): string {
  const bottleneck = result.bottleneck;
  const throughput = formatRate(result.throughputBytesPerSecond);
  switch (bottleneck.kind) {
    case 'demand':
      return `its own demand, ${formatRate(plan.capBytesPerSecond)}: the path carries all of it`;
    case 'kernel':
      return `one core's kernel network stack on ${code(bottleneck.id)}: ${formatRate(plan.capBytesPerSecond)}`;
    case 'pinned':
      return `the pinned bounce bytes on host ${code(bottleneck.host)}: ${formatRate(plan.capBytesPerSecond)} (bounce bytes / round time of a chunk)`;
    case 'none':
      return 'none: it loads no shared resource and asks for no rate';
    case 'unroutable':
      return 'none: it has no route';
  }
  const capacity = result.derivations.throughput.terms.find((term) => term.name.startsWith('capacity of'))?.value;
  const resources = bottleneck.kind === 'engine' ? [`${bottleneck.id} engine`] : bottleneck.kind === 'media' ? [`${bottleneck.id} read`, `${bottleneck.id} write`] : [bottleneck.id];
  const sharing = new Set(resources.flatMap((id) => ctx.index.flowsOver(id)).filter((f) => f.group === flow.group));
  const head = `${code(bottleneck.id)}${capacity === undefined ? '' : `, ${formatRate(capacity)} usable`}`;
  if (sharing.size <= 1) return `${head}, all of it for this flow → ${throughput}`;
  // Max-min fairness gives the flows frozen at the bottleneck equal shares; others crossing it were held lower elsewhere.
  const even = capacity !== undefined && Math.abs(result.carriedBytesPerSecond * sharing.size - capacity) <= capacity * 1e-6;
  return `${head}, crossed by ${plural(sharing.size, 'flow')} of group ${code(flow.group)} → ${throughput} ${even ? 'each' : 'for this one (its max-min fair share)'}`;
}

function derivations(ctx: HoverContext, plan: FlowPlan, result: FlowResult): string[] {
  const { throughput, transfer, latency, drop } = result.derivations;
  const lines = [
    ...derivationMarkdown(throughput, ctx, 3, 'Throughput'),
    ...derivationMarkdown(transfer, ctx, 1, 'Transfer time'),
    ...derivationMarkdown(latency, ctx, 2, 'Latency'),
  ];
  if (drop.terms.length > 0) lines.push(...derivationMarkdown(drop, ctx, 2, 'Drops'));
  const via = plan.via === undefined ? undefined : VALUE_DOCS.flow?.via?.[plan.via];
  const cpu = result.cpuBytes === 0 ? 'no CPU bytes' : `${formatFigure(result.cpuBytes, 'B')} copied by CPUs per transfer`;
  lines.push(`- **Copies: ${result.copies}**, ${cpu}: the ${plural(plan.hops.length, 'hop')} of ${plan.via === undefined ? 'its path' : `${code(plan.via)}`}${via === undefined ? '' : ` (${escape(via)})`}`);
  return lines;
}

/** Flows as table rows: name, group, throughput, bottleneck; at most `max`, then how many more. */
export function flowTable(ctx: HoverContext, flows: readonly FlowModel[], max = 10): string {
  const { shown, more } = cut(flows, max);
  const rows = shown.map((flow) => {
    const result = ctx.snapshot.model.incomplete === true ? undefined : ctx.index.result(flow);
    const rate = result === undefined ? '—' : formatRate(result.throughputBytesPerSecond);
    const limit = result === undefined ? '—' : 'id' in result.bottleneck ? code(result.bottleneck.id) : result.bottleneck.kind;
    return [ctx.place(flowSpan(flow), code(flow.name)), code(flow.group), rate, limit];
  });
  const lines = table(['flow', 'group', 'throughput', 'bottleneck'], rows);
  if (more > 0) lines.push('', `${andMore(more, more === 1 ? 'more flow' : 'more flows')}`);
  return lines.join('\n');
}

const flowSpan = (flow: FlowModel) => flow.nameSpan;
