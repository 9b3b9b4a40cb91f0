// DMA006: a ring drops transfers. A periodic producer fills the `to`
// buffer's slots faster than the consumer (`consume`) empties them: once the
// spare slots are full, a steady 1 − period / consume of the transfers is
// lost (simulation.md § 6). More slots only delay the moment it starts.
import { formatSeconds, formatShare } from '../model/human';
import type { Rule } from './rule';

export const DMA006: Rule = {
  meta: {
    code: 'DMA006',
    severity: 'warning',
    summary: 'a ring drops transfers: its consumer is slower than its producer',
    fixable: false,
  },
  check(context, report) {
    for (const flow of context.flows) {
      const result = context.result(flow);
      if (result === undefined) continue;
      const terms = new Map(result.derivations.dropRate.terms.map((t) => [t.name, t.value]));
      const drop = terms.get('ring drop');
      const period = terms.get('period');
      const consume = terms.get('consume');
      if (drop === undefined || period === undefined || consume === undefined || !(drop > 0)) continue;
      const slots = terms.get('ring slots') ?? 1;
      const ring = flow.to?.kind === 'buffer' ? `the ${slots}-slot ring '${flow.to.name}'` : 'its destination';
      const consumeProperty = flow.written.property('consume');
      const rateProperty = flow.written.property('rate') ?? flow.written.property('every');
      report({
        span: flow.nameSpan,
        message: `flow '${flow.name}' drops ${formatShare(drop)} of its transfers: one arrives every ${formatSeconds(period)} but the consumer needs ${formatSeconds(consume)}, so ${ring} fills and stays full; consume in at most ${formatSeconds(period)}, or lower the rate`,
        related: [
          ...(consumeProperty === undefined ? [] : [{ span: consumeProperty.span, message: `the consumer: ${formatSeconds(consume)} per transfer` }]),
          ...(rateProperty === undefined ? [] : [{ span: rateProperty.span, message: `the producer: one transfer every ${formatSeconds(period)}` }]),
          ...(flow.to?.kind === 'buffer' ? [{ span: flow.to.nameSpan, message: `buffer '${flow.to.name}': ${slots} slot${slots === 1 ? '' : 's'}` }] : []),
        ],
      });
    }
  },
};
