// DMA005: a flow asks for more than its path carries. The simulation's
// max-min fair share (simulation.md § 4) gives it less than its demand: it
// falls behind, whatever a ring at its end does with the rest (DMA006).
import { formatRate, formatShare } from '../model/human';
import { bottleneckName, type Bottleneck } from '../sim/simulate';
import type { Rule } from './rule';

/** Below this relative shortfall the difference is rounding in the sharing, not a deficit (assumed: far above float error, far below any real deficit). */
const TOLERANCE = 1e-9;

export const DMA005: Rule = {
  meta: {
    code: 'DMA005',
    severity: 'warning',
    summary: "a flow's demand exceeds what its path can carry",
    fixable: false,
  },
  check(context, report) {
    for (const [flow, plan] of context.plans) {
      // An unroutable flow has no path to measure; its problem is reported where the path breaks.
      if (plan.problem !== undefined) continue;
      const result = context.result(flow);
      if (result === undefined) continue;
      // The path's share before any ring drops (simulation.md § 6), against what the flow asks for.
      const demand = result.demandBytesPerSecond;
      const carried = result.carriedBytesPerSecond;
      if (demand === undefined || !Number.isFinite(demand) || demand <= 0) continue;
      if (carried >= demand * (1 - TOLERANCE)) continue;
      const asked = flow.written.valid('rate') ?? flow.written.valid('every');
      const bottleneck = describeBottleneck(result.bottleneck);
      report({
        span: flow.nameSpan,
        message: `flow '${flow.name}' asks for ${formatRate(demand)} but its path carries only ${formatRate(carried)} (bottleneck: ${bottleneck}): it cannot keep up and loses ${formatShare(1 - carried / demand)} of its demand; lower the demand or widen ${bottleneck}`,
        related: asked === undefined ? [] : [{ span: asked.span, message: `the demand: ${formatRate(demand)}` }],
      });
    }
  },
};

/** The bottleneck in words: a link or memory id, an engine, the pinned budget of a staged pipeline, or a cpu's network stack. */
function describeBottleneck(bottleneck: Bottleneck): string {
  if (bottleneck.kind === 'pinned') return 'the pinned bounce memory of its staged pipeline';
  if (bottleneck.kind === 'kernel') return `${bottleneck.id}'s kernel network stack`;
  return bottleneckName(bottleneck);
}
