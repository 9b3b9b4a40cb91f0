// Every rule, in code order. Tests iterate this list: each rule must have
// its docs page, a case where it fires and a near miss where it must not.
import { DMA001 } from './DMA001';
import { DMA002 } from './DMA002';
import { DMA003 } from './DMA003';
import { DMA004 } from './DMA004';
import { DMA005 } from './DMA005';
import { DMA006 } from './DMA006';
import { DMA007 } from './DMA007';
import { DMA008 } from './DMA008';
import { DMA009 } from './DMA009';
import { SEC001 } from './SEC001';
import { SEC002 } from './SEC002';
import { SEC003 } from './SEC003';
import { SEC004 } from './SEC004';
import { SEC005 } from './SEC005';
import { SEC006 } from './SEC006';
import { SEC007 } from './SEC007';
import { SEC008 } from './SEC008';
import { SEC009 } from './SEC009';
import { SEC010 } from './SEC010';
import { SEC011 } from './SEC011';
import { SEC012 } from './SEC012';
import { SEC013 } from './SEC013';
import { SEC014 } from './SEC014';
import { SEC015 } from './SEC015';
import { SEC016 } from './SEC016';
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [
  SEC001,
  SEC002,
  SEC003,
  SEC004,
  SEC005,
  SEC006,
  SEC007,
  SEC008,
  SEC009,
  SEC010,
  SEC011,
  SEC012,
  SEC013,
  SEC014,
  SEC015,
  SEC016,
  DMA001,
  DMA002,
  DMA003,
  DMA004,
  DMA005,
  DMA006,
  DMA007,
  DMA008,
  DMA009,
];
