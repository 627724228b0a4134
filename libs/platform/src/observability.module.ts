// /health and /metrics for every app. Each app gets its own prom-client registry (so
// several apps can run in one test process) and registers named health checks.
import { Controller, Get, HttpCode, Inject, Injectable, Module, Res, type DynamicModule } from '@nestjs/common';
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
}

@Injectable()
export class Health {
  private readonly checks = new Map<string, HealthCheck>();

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async run(): Promise<{ ok: boolean; checks: Record<string, string> }> {
    const checks: Record<string, string> = {};
    let ok = true;
    for (const [name, check] of this.checks) {
      try {
        await check();
        checks[name] = 'up';
      } catch (err) {
        ok = false;
        checks[name] = `down: ${errorMessage(err)}`;
      }
    }
    return { ok, checks };
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
  ) {}

  @Get('health')
  @HttpCode(200)
  async getHealth(@Res() res: ResponseLike): Promise<void> {
    const result = await this.health.run();
    res.status(result.ok ? 200 : 503).type('application/json').send({ status: result.ok ? 'ok' : 'down', checks: result.checks });
  }

  @Get('metrics')
  async getMetrics(@Res() res: ResponseLike): Promise<void> {
    res.status(200).type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}

@Module({})
export class ObservabilityModule {
  static forRoot(service: string): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      controllers: [ObservabilityController],
      providers: [{ provide: 'IOC_SERVICE_NAME', useValue: service }, Metrics, Health],
      exports: [Metrics, Health],
    };
  }
}
