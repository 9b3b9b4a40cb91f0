// The `dmatopo` command line (language.md § Tool contract). Usage and I/O
// errors are one line on stderr and exit code 2. Options are strict: a value
// that is not exactly what the option takes, or an option given twice, is a
// usage error rather than a guess.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { version } from '../../../package.json';
import { runCheck } from './check';
import { runFormat } from './format';
import { runReach } from './reach';
import { runSimulate } from './simulate';
import { processOutput, type Output } from './io';
import { RULE_CODES, unknownRule } from '../rules/config';

/** A usage mistake that commander cannot see (two options that exclude each other). */
class InvalidUsage extends Error {}

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

/** A parser for an option that takes one value: a second one is refused, as it is unclear which should count. */
function once<T>(flag: string, parse: (value: string) => T): (value: string, previous: T | undefined) => T {
  return (value, previous) => {
    if (previous !== undefined) throw new InvalidArgumentError(`${flag} is given twice: give it once`);
    return parse(value);
  };
}

function outputFormat(value: string): Format {
  if (!(FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError('expected text, json or sarif');
  return value as Format;
}

/** Digits only: no sign, no space, no exponent, and not empty (Number('') would be 0). */
function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number such as 0 or 10');
  return n;
}

function ruleCode(value: string): string {
  if (!RULE_CODES.has(value)) throw new InvalidArgumentError(unknownRule(value));
  return value;
}

/** A group is named in the file as a name is: a letter or _ then letters, digits or _. */
function groupName(value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) throw new InvalidArgumentError('expected the name of a group, such as gpu_direct');
  return value;
}

/** Runs the command line on `argv` (without `node` and the script) and returns the exit code. */
export function runCli(argv: readonly string[], out: Output = processOutput): number {
  let exitCode = 0;
  const program = new Command('dmatopo')
    .description('Check and simulate .dmatopo DMA topologies')
    .version(version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      // Help and version text, line by line.
      writeOut: (text) => text.trimEnd().split('\n').forEach((line) => out.stdout(line)),
      writeErr: (text) => text.trimEnd().split('\n').forEach((line) => out.stderr(line)),
      // One line, whatever the arguments it quotes hold; commander puts its "Did you mean" on a line of its own.
      outputError: (text) => out.stderr(`dmatopo: ${text.replace(/^error: /, '').trim().replace(/\n(?=\(Did you mean )/, ' ')}`),
    })
    .showSuggestionAfterError(true);

  program
    .command('check')
    .description('report every diagnostic of each file; exit 0 = no errors, 1 = errors (or too many warnings), 2 = usage or I/O error')
    .argument('<file...>', '.dmatopo files to check')
    .option('--json', 'one JSON object per file and line, positions zero-based (same as --format json)')
    .addOption(new Option('--format <format>', 'text, json or sarif (SARIF 2.1.0 for code-scanning tools); default text').argParser(once('--format', outputFormat)))
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', once('--max-warnings', wholeNumber))
    .option('--disable <code>', 'turn a rule off (repeatable)', (code: string, all: string[]) => [...all, ruleCode(code)], [] as string[])
    .action((files: string[], options: { json?: boolean; format?: Format; maxWarnings?: number; disable: string[] }) => {
      // commander's conflicts() would also refuse the harmless --json --format json.
      if (options.json === true && options.format !== undefined && options.format !== 'json') throw new InvalidUsage(`--json is --format json: it cannot go with --format ${options.format}`);
      const chosen = options.format ?? (options.json === true ? 'json' : 'text');
      exitCode = runCheck(files, { format: chosen, maxWarnings: options.maxWarnings, disable: options.disable }, out);
    });

  program
    .command('simulate')
    .description('simulate each file: per flow its via, throughput, latency and bottleneck; per link its load')
    .argument('<file...>', '.dmatopo files to simulate')
    .option('--json', 'one JSON object per file and line (SI units, zero-based positions)')
    .option('--explain', 'with --json: each flow also carries how its figures were reached, as explain')
    .option('--group <name>', 'simulate one group only (default: each group in turn)', once('--group', groupName))
    .action((files: string[], options: { json?: boolean; explain?: boolean; group?: string }) => {
      // The table has no room for derivations: an --explain that would be ignored is refused.
      if (options.explain === true && options.json !== true) throw new InvalidUsage('--explain adds derivations to the JSON output: give --json too');
      exitCode = runSimulate(files, { json: options.json === true, explain: options.explain === true, group: options.group }, out);
    });

  program
    .command('reach')
    .description('for every DMA-capable device, the memories and buffers it can read and write, and why')
    .argument('<file...>', '.dmatopo files')
    .option('--json', 'one JSON object per file and line')
    .action((files: string[], options: { json?: boolean }) => {
      exitCode = runReach(files, { json: options.json === true }, out);
    });

  program
    .command('format')
    .description('print each file in the canonical layout; --write rewrites it, --check lists the files that differ (exit 1)')
    .argument('<file...>', '.dmatopo files to format')
    .addOption(new Option('--write', 'rewrite the files in place').conflicts('check'))
    .option('--check', 'change nothing; exit 1 if a file is not formatted')
    .action((files: string[], options: { write?: boolean; check?: boolean }) => {
      exitCode = runFormat(files, { write: options.write === true, check: options.check === true }, out);
    });

  if (argv.length === 0) {
    out.stderr("dmatopo: missing command: try 'dmatopo check FILE' or 'dmatopo --help'");
    return 2;
  }
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof InvalidUsage) {
      out.stderr(`dmatopo: ${error.message}`);
      return 2;
    }
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    out.stderr(`dmatopo: internal error: ${(error as Error).message}`);
    return 2;
  }
  return exitCode;
}
