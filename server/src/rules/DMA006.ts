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
      const ring = context.result(flow)?.ring;
      if (ring === undefined || !(ring.dropShare > 0)) continue;
      const { slots, periodSeconds: period, consumeSeconds: consume } = ring;
      const where = flow.to?.kind === 'buffer' ? `the ${slots}-slot ring '${flow.to.name}'` : 'its destination';
      const consumeProperty = flow.written.valid('consume');
      const rateProperty = flow.written.valid('rate') ?? flow.written.valid('every');
      report({
        span: flow.nameSpan,
        message: `flow '${flow.name}' drops ${formatShare(ring.dropShare)} of its transfers: one arrives every ${formatSeconds(period)} but the consumer needs ${formatSeconds(consume)}, so ${where} fills and stays full; consume in at most ${formatSeconds(period)}, or lower the rate`,
        related: [
          ...(consumeProperty === undefined ? [] : [{ span: consumeProperty.span, message: `the consumer: ${formatSeconds(consume)} per transfer` }]),
          ...(rateProperty === undefined ? [] : [{ span: rateProperty.span, message: `the producer: one transfer every ${formatSeconds(period)}` }]),
          ...(flow.to?.kind === 'buffer' ? [{ span: flow.to.nameSpan, message: `buffer '${flow.to.name}': ${slots} slot${slots === 1 ? '' : 's'}` }] : []),
        ],
      });
    }
  },
};
