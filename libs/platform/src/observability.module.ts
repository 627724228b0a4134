// /health and /metrics for every app. Each app gets its own prom-client registry (so
// several apps can run in one test process) and registers named readiness checks, which
// @nestjs/terminus runs: /health (and /health/ready) answers 200 when every check passes and
// 503 when one fails; /health/live answers 200 while the process serves HTTP at all.
import { Controller, Get, Inject, Injectable, Module, Res, ServiceUnavailableException, type DynamicModule } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, TerminusModule, type HealthCheckResult, type HealthIndicatorFunction } from '@nestjs/terminus';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { errorMessage } from './errors';

export type HealthCheck = () => Promise<void> | void;

@Injectable()
export class Metrics {
  readonly registry = new Registry();

  constructor(@Inject('IOC_SERVICE_NAME') service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'ioc_' });
  }

  counter<L extends string>(name: string, help: string, labelNames: L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }
  gauge<L extends string>(name: string, help: string, labelNames: L[] = []): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }
  histogram<L extends string>(name: string, help: string, buckets: number[], labelNames: L[] = []): Histogram<L> {
    return new Histogram({ name, help, buckets, labelNames, registers: [this.registry] });
  }

  /**
   * `ioc_stage_seconds{stage}`: how long a message spent in one stage of the live path
   * (device → ingest → JetStream → registry commit → Socket.IO push), each stage measured
   * by the app that ends it. The bench reads the quantiles off every app's /metrics.
   */
  stages(): Histogram<'stage'> {
    return (this.stageHistogram ??= this.histogram('ioc_stage_seconds', 'Time a message spent in one stage of the live path, by stage', STAGE_BUCKETS_S, ['stage']));
  }
  private stageHistogram?: Histogram<'stage'>;
}

/** 1 ms to 30 s: the 250 ms target sits between two buckets' edges, not inside one. */
export const STAGE_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The app's named readiness checks (NATS, Postgres, Redis, the broker …), registered by the modules that own the connections. */
@Injectable()
export class Health {
  private readonly checks = new Map<string, HealthCheck>();

  constructor(private readonly indicator: HealthIndicatorService) {}

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  /** The checks as terminus indicators: a check that throws is down with its message. */
  readiness(): HealthIndicatorFunction[] {
    return [...this.checks].map(([name, check]) => async () => {
      const session = this.indicator.check(name);
      try {
        await check();
        return session.up();
      } catch (err) {
        return session.down({ message: errorMessage(err) });
      }
    });
  }

  /** Liveness depends on nothing outside the process: answering at all is the signal. */
  liveness(): HealthIndicatorFunction[] {
    return [() => this.indicator.check('process').up({ uptimeS: Math.round(process.uptime()) })];
  }
}

interface ResponseLike {
  status(code: number): ResponseLike;
  type(t: string): ResponseLike;
  send(body: unknown): void;
}

@Controller()
class ObservabilityController {
  constructor(
    private readonly metrics: Metrics,
    private readonly health: Health,
    private readonly terminus: HealthCheckService,
  ) {}

  // /health stays the readiness answer start.sh, docker-compose and the tests wait for.
  @Get('health')
  async getHealth(@Res() res: ResponseLike): Promise<void> {
    await this.answer(res, this.health.readiness());
  }

  @Get('health/ready')
  async getReadiness(@Res() res: ResponseLike): Promise<void> {
    await this.answer(res, this.health.readiness());
  }

  @Get('health/live')
  async getLiveness(@Res() res: ResponseLike): Promise<void> {
    await this.answer(res, this.health.liveness());
  }

  @Get('metrics')
  async getMetrics(@Res() res: ResponseLike): Promise<void> {
    res.status(200).type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }

  // Terminus reports a failed check by throwing 503 with the result as its body; it is answered
  // here rather than through the app's exception filters (the api's would reshape it).
  private async answer(res: ResponseLike, indicators: HealthIndicatorFunction[]): Promise<void> {
    let status = 200;
    let body: HealthCheckResult | string | object;
    try {
      body = await this.terminus.check(indicators);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      status = 503;
      body = err.getResponse();
    }
    res.status(status).type('application/json').send(body);
  }
}

@Module({})
export class ObservabilityModule {
  static forRoot(service: string): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      // Terminus logs nothing of its own: a check that is down is in the answer, and a booting
      // app is polled until it is ready.
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [ObservabilityController],
      providers: [{ provide: 'IOC_SERVICE_NAME', useValue: service }, Metrics, Health],
      exports: [Metrics, Health],
    };
  }
}
