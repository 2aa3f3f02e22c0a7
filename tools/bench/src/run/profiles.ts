import type { ProfileName } from '../report/types';

/** Sizes of one run: how many scenarios, at which rates and for how long. */
export interface Profile {
  name: ProfileName;
  description: string;
  /** Constant rate and length of the warm-up of each service, not reported. */
  warmupRate: number;
  warmupSeconds: number;
  /** Arrival rates, in requests per second, of the latency scenario of each service. */
  latencyRates: number[];
  latencySeconds: number;
  /** Concurrent connections of the connections scenario of each service, in increasing order. */
  connectionCounts: number[];
  /** New connections per second while the connections scenario opens them. */
  connectionRampRate: number;
  /** How long all connections are held open while memory is sampled. */
  connectionPlateauSeconds: number;
  /**
   * Simulated wait of the services during the connections scenario. It is
   * long so that each connection keeps a request in flight without the
   * request rate (connections / wait) saturating the cores. Each step also
   * ends with up to one wait while the requests in flight finish.
   */
  connectionsSimulatedIoMs: number;
  aggregateRate: number;
  aggregateSeconds: number;
  /**
   * Length of each tracing-cost run: GET /api/user at the top latency rate,
   * once with every request sampled and once with the SDK disabled.
   */
  tracingCostSeconds: number;
  /**
   * The instrument check: vegeta and triad's generator one after the other
   * at `instrumentRate` for `instrumentSeconds` each, then triad alone at
   * `instrumentHighRate` for `instrumentHighSeconds`.
   */
  instrumentRate: number;
  instrumentSeconds: number;
  instrumentHighRate: number;
  instrumentHighSeconds: number;
  /** Share of requests whose trace id the load generator keeps for the look-up in Jaeger. */
  traceSampleRate: number;
  /** Upper bound on the trace ids kept per scenario, so verification stays short. */
  maxTracesPerScenario: number;
  /** Slowest sampled requests per scenario whose trace is broken down in the report. */
  slowestPerScenario: number;
  /** Largest share of failed requests a scenario may have and pass. */
  maxErrorShare: number;
  /** Smallest achieved/target rate an open-model scenario may have and pass. */
  minAchievedShare: number;
}

const smoke: Profile = {
  name: 'smoke',
  description: 'CI check: every scenario at small scale, the whole run within about 3 minutes',
  warmupRate: 100,
  warmupSeconds: 2,
  latencyRates: [50, 200],
  latencySeconds: 4,
  connectionCounts: [50, 200],
  connectionRampRate: 500,
  connectionPlateauSeconds: 3,
  connectionsSimulatedIoMs: 1000,
  aggregateRate: 100,
  aggregateSeconds: 4,
  tracingCostSeconds: 4,
  instrumentRate: 2000,
  instrumentSeconds: 3,
  instrumentHighRate: 10_000,
  instrumentHighSeconds: 2,
  traceSampleRate: 0.05,
  maxTracesPerScenario: 10,
  slowestPerScenario: 1,
  maxErrorShare: 0,
  minAchievedShare: 0.95,
};

const standard: Profile = {
  name: 'standard',
  description: 'the default: rates up to 5000/s and up to 5000 connections, about 12 minutes',
  warmupRate: 500,
  warmupSeconds: 10,
  latencyRates: [250, 1000, 2500, 5000],
  latencySeconds: 15,
  connectionCounts: [100, 1000, 2500, 5000],
  connectionRampRate: 1000,
  connectionPlateauSeconds: 10,
  connectionsSimulatedIoMs: 5000,
  aggregateRate: 1000,
  aggregateSeconds: 20,
  tracingCostSeconds: 10,
  instrumentRate: 2000,
  instrumentSeconds: 15,
  instrumentHighRate: 10_000,
  instrumentHighSeconds: 10,
  traceSampleRate: 0.01,
  maxTracesPerScenario: 50,
  slowestPerScenario: 3,
  maxErrorShare: 0.001,
  minAchievedShare: 0.95,
};

const full: Profile = {
  name: 'full',
  description: 'up to 10000 connections and longer plateaus, about 25 minutes',
  warmupRate: 500,
  warmupSeconds: 20,
  latencyRates: [250, 1000, 2500, 5000, 7500],
  latencySeconds: 30,
  connectionCounts: [100, 1000, 2500, 5000, 7500, 10_000],
  connectionRampRate: 1000,
  connectionPlateauSeconds: 25,
  connectionsSimulatedIoMs: 10_000,
  aggregateRate: 2000,
  aggregateSeconds: 60,
  tracingCostSeconds: 30,
  instrumentRate: 2000,
  instrumentSeconds: 30,
  instrumentHighRate: 10_000,
  instrumentHighSeconds: 20,
  traceSampleRate: 0.005,
  maxTracesPerScenario: 100,
  slowestPerScenario: 3,
  maxErrorShare: 0.001,
  minAchievedShare: 0.95,
};

/** The profiles by name; `standard` is the default. */
export const PROFILES: Readonly<Record<ProfileName, Profile>> = { smoke, standard, full };

/** Reports whether the string names a profile. */
export function isProfileName(name: string): name is ProfileName {
  return Object.hasOwn(PROFILES, name);
}
