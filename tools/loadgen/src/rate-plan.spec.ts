import { ArrivalSchedule, connectionsPerWorker, constantRate, planStages, steppedRates } from './rate-plan';

function offsets(schedule: ArrivalSchedule): number[] {
  const result: number[] = [];
  for (let offset = schedule.peekOffsetMs(); offset !== undefined; offset = schedule.peekOffsetMs()) {
    result.push(offset);
    schedule.advance();
  }
  return result;
}

describe('rate plan', () => {
  it('places stepped stages one after another', () => {
    const stages = planStages(steppedRates([100, 200], 2000));

    expect(stages.map((stage) => [stage.startOffsetMs, stage.requestCount])).toEqual([
      [0, 200],
      [2000, 400],
    ]);
  });

  it('interleaves workers into one evenly spaced stream', () => {
    const stages = planStages(constantRate(10, 1000));

    const first = offsets(new ArrivalSchedule(stages, 0, 2));
    const second = offsets(new ArrivalSchedule(stages, 1, 2));

    expect(first).toEqual([0, 200, 400, 600, 800]);
    expect(second).toEqual([100, 300, 500, 700, 900]);
  });

  it('moves to the next stage with its own rate', () => {
    const schedule = new ArrivalSchedule(planStages([{ rate: 2, durationMs: 1000 }, { rate: 4, durationMs: 500 }]), 0, 1);

    expect(offsets(schedule)).toEqual([0, 500, 1000, 1250]);
  });

  it('rejects a rate that is not positive', () => {
    expect(() => planStages(constantRate(0, 1000))).toThrow('positive');
    expect(() => planStages([])).toThrow('at least one');
  });

  it('sizes connections from rate and latency within the cap', () => {
    expect(connectionsPerWorker(constantRate(1000, 1000), 2, 100, 4096)).toBe(100);
    expect(connectionsPerWorker(constantRate(100_000, 1000), 2, 100, 4096)).toBe(2048);
    expect(connectionsPerWorker(constantRate(1, 1000), 2, 100, 4096)).toBe(1);
  });
});
