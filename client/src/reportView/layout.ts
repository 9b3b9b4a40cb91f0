// Lays the diagram out off the extension host's thread: ELK in a worker
// thread (dist/layoutWorker.js), ended when it passes its time limit, and
// the grid instead for a topology too large for ELK to finish in time, when
// the time runs out or when the worker fails. The grid is linear: the
// 1,000-host benchmark topology gets its diagram at once.
import { Worker } from 'node:worker_threads';
import type { ReportTopology } from '../../../protocol/reportView';
import { elkGraph, fromElk, gridLayout, type Diagram, type ElkLaidOut } from './diagram';

export interface LayoutOptions {
  /** The bundled worker program, dist/layoutWorker.js. */
  readonly workerPath: string;
  /** How long ELK may take before the grid is used instead. */
  readonly timeLimitMs: number;
  /** Above this many nodes and links, ELK is not tried at all. */
  readonly elkLimit: number;
}

export const DEFAULT_LAYOUT: Omit<LayoutOptions, 'workerPath'> = { timeLimitMs: 3000, elkLimit: 600 };

/** The diagram of `topology`: ELK's when it finishes within the time limit, else the grid. Never rejects. */
export async function layoutDiagram(topology: ReportTopology, options: LayoutOptions): Promise<Diagram> {
  if (topology.nodes.length + topology.links.length > options.elkLimit) return gridLayout(topology);
  const laidOut = await runElk(topology, options);
  return laidOut === undefined ? gridLayout(topology) : fromElk(laidOut);
}

function runElk(topology: ReportTopology, options: LayoutOptions): Promise<ElkLaidOut | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(options.workerPath);
    } catch {
      resolve(undefined);
      return;
    }
    let settled = false;
    const finish = (result: ElkLaidOut | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish(undefined), options.timeLimitMs);
    worker.on('message', (message: { laidOut?: ElkLaidOut }) => finish(message.laidOut));
    worker.on('error', () => finish(undefined));
    worker.on('exit', () => finish(undefined));
    worker.postMessage(elkGraph(topology));
  });
}
