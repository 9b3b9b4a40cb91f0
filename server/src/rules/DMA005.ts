// DMA005: a flow asks for more than its path carries. The simulation's
// max-min fair share (simulation.md § 4) gives it less than its demand: it
// falls behind, whatever a ring at its end does with the rest (DMA006).
import { formatRate, formatShare } from '../model/human';
import type { Derivation } from '../sim/derivation';
import type { Rule } from './rule';

/** Below this relative shortfall the difference is rounding in the sharing, not a deficit. */
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
      // The path's share before any ring drops (simulation.md § 6): the drop derivation carries both.
      const demand = term(result.derivations.dropRate, 'demand');
      const carried = term(result.derivations.dropRate, 'carried');
      if (demand === undefined || carried === undefined || !Number.isFinite(demand) || demand <= 0) continue;
      if (carried >= demand * (1 - TOLERANCE)) continue;
      const asked = flow.written.property('rate') ?? flow.written.property('every');
      const bottleneck = describeBottleneck(result.bottleneck, plan.capReason);
      report({
        span: flow.nameSpan,
        message: `flow '${flow.name}' asks for ${formatRate(demand)} but its path carries only ${formatRate(carried)} (bottleneck: ${bottleneck}): it cannot keep up and loses ${formatShare(1 - carried / demand)} of its demand; lower the demand or widen ${bottleneck}`,
        related: asked === undefined ? [] : [{ span: asked.span, message: `the demand: ${formatRate(demand)}` }],
      });
    }
  },
};

function term(derivation: Derivation, name: string): number | undefined {
  return derivation.terms.find((t) => t.name === name)?.value;
}

/** The bottleneck in words: a link or memory id, an engine, the pinned budget of a staged pipeline, or a cpu's network stack. */
function describeBottleneck(bottleneck: string, capReason: string): string {
  if (bottleneck === 'pinned') return 'the pinned bounce memory of its staged pipeline';
  if (bottleneck === capReason && capReason !== 'demand') return `${bottleneck}'s kernel network stack`;
  return bottleneck;
}
