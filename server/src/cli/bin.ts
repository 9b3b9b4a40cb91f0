// The `dmatopo` executable (dist/cli.js): the command line on this process's
// arguments and terminal. Tests import main.ts's runCli instead.
import { endQuietlyWhenReaderLeaves } from './io';
import { runCli } from './main';

endQuietlyWhenReaderLeaves();
process.exitCode = runCli(process.argv.slice(2));
