import { startKoreSim, type KoreSim } from '@kore-train/kore-sim';
import { SecretScanner } from '@kore-train/testkit';
import { expectSilence, firstRequest, SCENARIOS, type Ending, type Scenario } from './scenarios.js';

export interface Surface {
  name: string;
  /** Called once with the simulator and the scanner that must see everything captured. */
  setup?(sim: KoreSim, scanner: SecretScanner): Promise<void>;
  teardown?(): Promise<void>;
  /** Runs one scenario to its end; `abort` is fired for the abort scenario. */
  run(scenario: Scenario, botId: string, abort: AbortSignal): Promise<Ending>;
}

/** Handles that this process had before the suite: what it leaves behind must not exceed them. */
function handleCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Registers one jest test per scenario for the surface, plus the leak and handle checks. */
export function faultMatrix(surface: Surface): void {
  let sim: KoreSim;
  const scanner = new SecretScanner();
  let baseline: Record<string, number>;

  beforeAll(async () => {
    baseline = handleCounts();
    sim = await startKoreSim();
    await surface.setup?.(sim, scanner);
  });

  let simClosed = false;
  afterAll(async () => {
    await surface.teardown?.();
    if (!simClosed) await sim.close();
  });

  SCENARIOS.forEach((scenario, index) => {
    it(`${scenario.name}: ${describeEnding(scenario.expected)}`, async () => {
      const botId = `st-${surface.name.toLowerCase().replace(/\W+/g, '')}-${index}`;
      sim.addBot({ botId, ...scenario.bot });
      scenario.prepare(sim, botId);
      const controller = new AbortController();
      const running = surface.run(scenario, botId, controller.signal);
      if (scenario.abortOnFirstRequest) {
        await firstRequest(sim, botId);
        controller.abort();
      }
      const ending = await running;
      scanner.add(`${scenario.name} ending`, ending);
      expect(ending).toEqual(scenario.expected);
      scenario.verify?.(sim, botId);
      if (scenario.abortOnFirstRequest) await expectSilence(sim, botId);
    });
  });

  it('leaked neither the client secret nor a JWT in anything captured', () => {
    expect(scanner.size).toBeGreaterThan(SCENARIOS.length);
    expect(scanner.leaks([sim.clientSecret])).toEqual([]);
  });

  it('left no timer or socket behind once its waits ended', async () => {
    await surface.teardown?.();
    // Closing the server ends idle keep-alive connections (pooled by design, not leaked); a timer or a
    // request our code still holds would remain.
    await sim.close();
    simClosed = true;
    const leftovers = (): string[] => {
      const now = handleCounts();
      return ['Timeout', 'TCPSocketWrap'].filter((kind) => (now[kind] ?? 0) > (baseline[kind] ?? 0)).map((kind) => `${kind}: ${now[kind]} (before: ${baseline[kind] ?? 0})`);
    };
    // Closed sockets take a few turns of the event loop to go.
    for (let turn = 0; turn < 200 && leftovers().length > 0; turn++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(leftovers()).toEqual([]);
  });
}

function describeEnding(ending: Ending): string {
  if ('outcome' in ending) return ending.outcome;
  if ('error' in ending) return ending.error;
  return 'aborted, nothing sent afterwards';
}
