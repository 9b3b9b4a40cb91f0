// Every rule, in code order. Tests iterate this list: each rule must have
// its docs page, a case where it fires and a near miss where it must not.
import { DMA001 } from './DMA001';
import { SEC001 } from './SEC001';
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [
  SEC001,
  // SEC002–SEC008
  // SEC009–SEC016
  DMA001,
  // DMA002–DMA009
];
