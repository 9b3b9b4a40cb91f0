// One analysis of one version of a document: its text and configuration,
// and every layer built from them on first use and kept — line index,
// syntax tree, model, fabric, flow plans, simulation, rule findings. The
// language server keeps one per open document and every request reads it;
// the command line makes one per file. Whoever asks, a layer is built once
// per snapshot: the rules, `simulate` and a hover share one fabric, one set
// of plans and one simulation (rust-analyzer's `Analysis` snapshot is the
// model: immutable input, derived facts memoized).
import { analyzeTreeSteps, LineIndex, ReferenceList, type Analysis, type Diagnostic, type FlowModel, type TopologyModel } from '../model/index';
import { RuleContext } from '../rules/context';
import { checkSteps, EMPTY_CONFIG, type RuleConfig, type RuleErrorHandler } from '../rules/index';
import { Fabric } from '../sim/fabric';
import { Planner, type FlowPlan } from '../sim/plan';
import { groupsOf, oneGroupOf, simulatePlans, type SimulationResult } from '../sim/simulate';
import { nodeAt, parseText, reparse, type NodeAt, type SyntaxTree, type TextChange } from '../syntax/index';
import { Layer, whole } from './layer';

export class Snapshot {
  private linesBuilt: LineIndex | undefined;
  private readonly treeLayer = new Layer(whole(() => this.parse()));
  /** The last snapshot with a tree this one's text was made from, and the edits that made it; dropped once the tree is built. */
  private base: Edited | undefined;
  private readonly languageLayer = new Layer(() => analyzeTreeSteps(this.tree));
  private readonly fabricLayer = new Layer(whole(() => new Fabric(this.model)));
  private readonly plansLayer = new Layer(() => this.planSteps());
  private contextBuilt: RuleContext | undefined;
  private readonly checkedLayer = new Layer(() => this.checkSteps());
  private simulationBuilt: SimulationResult | undefined;
  private readonly groupSimulations = new Map<string, SimulationResult>();
  private referencesBuilt: ReferenceList | undefined;

  constructor(
    readonly text: string,
    readonly config: RuleConfig = EMPTY_CONFIG,
    /** The document's version in the editor; 0 for a file read from disk. */
    readonly version = 0,
    /** What to do when a rule throws (a bug): by default the error goes up. */
    private readonly onRuleError?: RuleErrorHandler,
    /**
     * The snapshot of the version before, and the edits (in order) that made
     * this text from its text: the tree is then re-parsed only where the
     * edits touched it. Without it, the text is parsed whole.
     */
    previous?: Edited,
  ) {
    this.base = previous === undefined ? undefined : previous.snapshot.treeLayer.ready ? previous : previous.snapshot.rebased(previous.changes);
  }

  /**
   * What to re-parse from when this snapshot was never parsed: its own base,
   * with `changes` after its own edits (versions typed faster than the
   * debounce are never parsed; their edits add up).
   */
  private rebased(changes: readonly TextChange[]): Edited | undefined {
    return this.base === undefined ? undefined : { snapshot: this.base.snapshot, changes: [...this.base.changes, ...changes] };
  }

  private parse(): SyntaxTree {
    const base = this.base;
    this.base = undefined;
    return base === undefined ? parseText(this.text) : reparse(base.snapshot.tree, base.snapshot.text, this.text, base.changes);
  }

  get lines(): LineIndex {
    return (this.linesBuilt ??= new LineIndex(this.text));
  }

  get tree(): SyntaxTree {
    return this.treeLayer.get();
  }

  /** The tree, the model and the language's own diagnostics (SYN, REF, UNIT, VAL, REQ, TOP, LIM). */
  get language(): Analysis {
    return this.languageLayer.get();
  }

  get model(): TopologyModel {
    return this.language.model;
  }

  /** Every use of a name with its declaration, and every declared name: go to definition, find references, rename. */
  get references(): ReferenceList {
    return (this.referencesBuilt ??= new ReferenceList(this.tree, this.language.uses));
  }

  /** The innermost node at `offset` and its context (declaration, host, item, body, property, slot). */
  nodeAt(offset: number): NodeAt {
    return nodeAt(this.tree, this.text, offset);
  }

  get fabric(): Fabric {
    return this.fabricLayer.get();
  }

  /** Every flow's plan: its via, hops, route and the resources it loads. */
  get plans(): ReadonlyMap<FlowModel, FlowPlan> {
    return this.plansLayer.get();
  }

  private *planSteps(): Generator<void, Map<FlowModel, FlowPlan>, void> {
    const planner = new Planner(this.fabric);
    const plans = new Map<FlowModel, FlowPlan>();
    for (const flow of this.model.flows.values()) {
      plans.set(flow, planner.plan(flow));
      yield;
    }
    return plans;
  }

  /** What the rules read: the model with this snapshot's fabric, plans and simulation. */
  get ruleContext(): RuleContext {
    return (this.contextBuilt ??= new RuleContext(this.model, { fabric: this.fabric, plans: this.plans, simulation: () => this.simulation() }));
  }

  /** Every diagnostic of the document, rules included, as its configuration and disable comments say; at most 1,000 (LIM002). */
  get diagnostics(): readonly Diagnostic[] {
    return this.checked.diagnostics;
  }

  /** The language analysis with the rules' findings merged into its diagnostics. */
  get checked(): Analysis {
    return this.checkedLayer.get();
  }

  /**
   * The simulation of every group, or of one (`group`): one run serves the
   * rules, `simulate` and the editor. Empty for a model that left hosts out
   * (LIM001).
   */
  simulation(group?: string): SimulationResult {
    if (group === undefined) return (this.simulationBuilt ??= simulatePlans(this.model, this.fabric, (flow) => this.plans.get(flow)!));
    const known = this.groupSimulations.get(group);
    if (known !== undefined) return known;
    const result = this.simulationBuilt === undefined ? simulatePlans(this.model, this.fabric, (flow) => this.plans.get(flow)!, group) : oneGroupOf(this.fabric, this.simulationBuilt, group);
    this.groupSimulations.set(group, result);
    return result;
  }

  /** The groups of the document's flows, in order of their first flow. */
  get groups(): readonly string[] {
    return groupsOf(this.model);
  }

  /** Builds the syntax tree: what syntax diagnostics, the outline and folding need. */
  buildTree(): Generator<void, SyntaxTree, void> {
    return this.treeLayer.steps();
  }

  /**
   * Builds the tree and the language analysis in steps, pausing between
   * declarations: what syntax and language diagnostics, and every request
   * that reads only the tree and the model, need.
   */
  *buildLanguage(): Generator<void, Analysis, void> {
    yield* this.buildTree();
    yield;
    return yield* this.languageLayer.steps();
  }

  /** Whether the simulation of every group is built: reading `simulation()` then costs nothing. */
  get simulated(): boolean {
    return this.simulationBuilt !== undefined;
  }

  /**
   * Builds the model, the fabric, the plans and the simulation of every
   * group in steps: what a request reading figures (inlay hints, a flow's
   * hover) runs in slices on a large document, whose rules and simulation
   * are otherwise built in the worker only.
   */
  *buildSimulation(): Generator<void, SimulationResult, void> {
    yield* this.buildLanguage();
    if (this.model.incomplete !== true && this.model.flows.size > 0) {
      yield;
      yield* this.fabricLayer.steps();
      yield;
      yield* this.plansLayer.steps();
      yield;
    }
    return this.simulation();
  }

  /**
   * Builds what `diagnostics` and the editor need in steps — the model,
   * the fabric, the plans and the simulation when there are flows, then the
   * rules — pausing between declarations, flows and rules, for the language
   * server to answer other requests in between (`runInSlices`). A request
   * that needs a layer meanwhile finishes it where this left it, and this
   * goes on from there. Afterwards every layer it built is kept.
   */
  *build(): Generator<void, void, void> {
    yield* this.buildLanguage();
    yield;
    // What the rules and every editor feature read, one layer per step: no single step holds the server long.
    if (this.model.incomplete !== true && this.model.flows.size > 0) {
      yield* this.fabricLayer.steps();
      yield;
      yield* this.plansLayer.steps();
      this.simulation();
      yield;
    }
    yield* this.checkedLayer.steps();
  }

  private checkSteps(): Generator<void, Analysis, void> {
    // The context (fabric, plans) is built only if a rule is going to run.
    return checkSteps(this.language, this.lines, this.config, () => this.ruleContext, this.onRuleError);
  }
}

/** A snapshot and the edits that turn its text into a newer one. */
export interface Edited {
  readonly snapshot: Snapshot;
  readonly changes: readonly TextChange[];
}

/** Every diagnostic of a text, rules included: the check the command line runs, for one text and no editor. */
export function checkText(text: string, config: RuleConfig = EMPTY_CONFIG, onError?: RuleErrorHandler): Analysis {
  return new Snapshot(text, config, 0, onError).checked;
}
