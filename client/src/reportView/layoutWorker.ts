// The diagram's layout thread (bundled as dist/layoutWorker.js): ELK's
// layered layout runs for seconds on a large graph and would freeze the
// extension host, so layout.ts runs it here and ends the thread when it
// takes too long.
import { parentPort } from 'node:worker_threads';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkGraph } from './diagram';

const elk = new ELK();
parentPort?.on('message', (graph: ElkGraph) => {
  elk.layout(graph as never).then(
    (laidOut) => parentPort?.postMessage({ laidOut }),
    (error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
});
