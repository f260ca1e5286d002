import { afterEach, beforeEach } from 'node:test';
import { JeedomSimulator, type SimulatorOptions } from '../../devkit/simulator';

/**
 * A fresh simulator for each test of the file: made with `options`, handed to `use` (the file keeps it, and may
 * set its state) before it starts, stopped after the test.
 */
export function simulatorPerTest(use: (sim: JeedomSimulator) => void, options?: SimulatorOptions): void {
  let sim: JeedomSimulator;
  beforeEach(async () => {
    sim = new JeedomSimulator(options);
    use(sim);
    await sim.start();
  });
  afterEach(async () => {
    await sim.stop();
  });
}
