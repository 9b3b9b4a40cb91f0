// fast-check draws new cases on every run, to keep finding bugs; CI pins the
// seed (DMATOPO_FUZZ_SEED in .ci/run) so that a landing never depends on luck.
// A failure prints its seed and path: replay it with that seed.
import fc from 'fast-check';

const seed = process.env['DMATOPO_FUZZ_SEED'];
if (seed !== undefined && seed !== '') fc.configureGlobal({ seed: Number(seed) });
