// The `dmatopo` command line (language.md § Tool contract). Usage and I/O
// errors are one line on stderr and exit code 2.
import { Command, CommanderError } from 'commander';
import { version } from '../../../package.json';
import { runCheck } from './check';
import { runFormat } from './format';
import { runReach } from './reach';
import { runSimulate } from './simulate';
import { endQuietlyWhenReaderLeaves, processOutput, type Output } from './io';

/** A usage mistake that commander cannot see (two options that exclude each other). */
class InvalidUsage extends Error {}

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
    .option('--format <format>', 'text, json or sarif (SARIF 2.1.0 for code-scanning tools)', 'text')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this')
    .option('--disable <code>', 'turn a rule off (repeatable)', (code: string, all: string[]) => [...all, code], [] as string[])
    .action((files: string[], options: { json?: boolean; format: string; maxWarnings?: string; disable: string[] }) => {
      const format = options.json === true ? 'json' : options.format;
      if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new InvalidUsage(`--format is text, json or sarif, not '${format}'`);
      const maxWarnings = options.maxWarnings === undefined ? undefined : Number(options.maxWarnings);
      if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= 0)) throw new InvalidUsage(`--max-warnings takes a whole number, not '${options.maxWarnings}'`);
      for (const code of options.disable) if (!/^(SEC|DMA)\d{3}$/.test(code)) throw new InvalidUsage(`--disable takes a rule code such as SEC011, not '${code}'`);
      exitCode = runCheck(files, { format, maxWarnings, disable: options.disable }, out);
    });

  program
    .command('simulate')
    .description('simulate each file: per flow its via, throughput, latency and bottleneck; per link its load')
    .argument('<file...>', '.dmatopo files to simulate')
    .option('--json', 'one JSON object per file and line (SI units, zero-based positions)')
    .option('--group <name>', 'simulate one group only (default: each group in turn)')
    .action((files: string[], options: { json?: boolean; group?: string }) => {
      exitCode = runSimulate(files, { json: options.json === true, group: options.group }, out);
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
    .option('--write', 'rewrite the files in place')
    .option('--check', 'change nothing; exit 1 if a file is not formatted')
    .action((files: string[], options: { write?: boolean; check?: boolean }) => {
      if (options.write === true && options.check === true) {
        throw new InvalidUsage("--write and --check exclude each other");
      }
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

if (require.main === module) {
  endQuietlyWhenReaderLeaves();
  process.exitCode = runCli(process.argv.slice(2));
}
