// autocannon ships no type declarations; this covers the part of its API the mock
// throughput section uses.
declare module "autocannon" {
  namespace autocannon {
    interface Options {
      url: string;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
    }

    /** Percentiles and mean of one measure (requests per second, latency in ms). */
    interface Histogram {
      average: number;
      mean: number;
      min: number;
      max: number;
      p50: number;
      p99: number;
    }

    interface Result {
      requests: Histogram;
      latency: Histogram;
      errors: number;
      timeouts: number;
      non2xx: number;
    }
  }

  /** Runs a load test; without a callback it is awaited for its result. */
  function autocannon(options: autocannon.Options): PromiseLike<autocannon.Result>;

  export = autocannon;
}
