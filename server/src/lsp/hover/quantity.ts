// A number as the model reads it: its value in SI and in human units
// (`64 GiB` = 68,719,476,736 B = 68.7 GB; `200 Gb/s` = 25 GB/s; `30 fps` =
// one every 33.3 ms), what one unit is, and what the number is the value of.
import { digitsValue, toSI, UNITS } from '../../model/units';
import type { NumberValue } from '../../syntax/ast';
import { significant } from '../../model/human';
import { formatBytes, formatRate, formatSeconds, siNumber } from '../figures';
import { code, escape } from '../markdown';

/** The SI unit of each dimension. */
const SI_UNITS = { size: 'B', byteRate: 'B/s', time: 's', frequency: 'Hz', ratio: '' } as const;

/** The lines of a number's hover; `context` (Markdown) says what it is the value of. Undefined for digits that do not make a number. */
export function quantityHover(value: NumberValue, context: string | undefined): string[] | undefined {
  const digits = digitsValue(value.digits, value.isHex);
  if (Number.isNaN(digits)) return undefined;
  const written = value.unit === undefined ? value.digits : `${value.digits} ${value.unit}`;
  const lines: string[] = [];
  if (value.unit === undefined) {
    lines.push(`**${escape(written)}** = ${siNumber(digits)}${value.isHex ? ' (hexadecimal)' : ''}: a bare number, which only a whole-number property takes`);
  } else {
    const unit = UNITS.get(value.unit);
    if (unit === undefined) return context === undefined ? undefined : [context];
    const si = toSI(digits, unit.factor);
    const siUnit = SI_UNITS[unit.dimension];
    lines.push(`**${escape(written)}** = ${siNumber(si)}${siUnit === '' ? '' : ` ${siUnit}`}${human(unit.dimension, si, value.unit)}`);
    lines.push(`1 ${code(value.unit)} = ${siNumber(unit.factor)}${siUnit === '' ? '' : ` ${siUnit}`}${unitNote(value.unit)}`);
  }
  if (context !== undefined) lines.push(context);
  return lines;
}

/** The same value in the other human form: decimal for a binary size and back, GB/s for a bit rate, the period of a frequency. */
function human(dimension: keyof typeof SI_UNITS, si: number, unit: string): string {
  switch (dimension) {
    case 'size': {
      const binary = /i/.test(unit) ? decimalBytes(si) : formatBytes(si);
      return si === 0 ? '' : ` = ${binary}`;
    }
    case 'byteRate':
      // A decimal byte rate is already in the units rates are shown in.
      return /b\/s|bps|iB/.test(unit) ? ` = ${formatRate(si)}` : '';
    case 'time': {
      const shown = formatSeconds(si);
      return si === 0 || shown.endsWith(` ${unit.replace(/^[uμ]s$/, 'µs')}`) ? '' : ` = ${shown}`;
    }
    case 'frequency':
      return si > 0 ? `: one every ${formatSeconds(1 / si)}` : '';
    case 'ratio':
      return ` (a share: ${significant(si * 100)} in 100)`;
  }
}

/** A size in decimal prefixes (`68.7 GB`), beside the binary form of `formatBytes`. */
function decimalBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let index = 0;
  while (value >= 1000 && index < units.length - 1) {
    value /= 1000;
    index++;
  }
  return `${significant(value)} ${units[index]}`;
}

/** What a unit's spelling implies beyond its factor. */
function unitNote(unit: string): string {
  if (/^[KkMGT]?b\/s$|bps$/.test(unit)) return ': a bit rate, 8 bits to a byte';
  if (/^[KMGT]iB/.test(unit)) return `: a binary prefix, a power of 1024`;
  if (/^[kKMGT]B/.test(unit)) return ': a decimal prefix, a power of 1000';
  if (unit === 'fps') return ': frames per second';
  return '';
}
