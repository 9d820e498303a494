import { GraphQLSchema, Kind, OperationDefinitionNode } from "graphql";
import type { ApolloServerPlugin } from "@apollo/server";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { RequestContext } from "../context/request-context";
import type { App } from "./app";

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * Prometheus metrics of one process (GET /metrics): HTTP requests and latency per route,
 * GraphQL operations and latency per root field, errors by code, authorization contexts by
 * model-cache hit or miss, SQL statements, the write queue and, on PostgreSQL, the pool.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: "gatehouse_http_requests_total",
    help: "HTTP requests by route, method and status",
    labelNames: ["route", "method", "status"] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: "gatehouse_http_request_duration_seconds",
    help: "HTTP request latency by route",
    labelNames: ["route"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly operations = new Counter({
    name: "gatehouse_graphql_operations_total",
    help: "GraphQL operations by type and root field",
    labelNames: ["type", "operation"] as const,
    registers: [this.registry],
  });
  readonly operationDuration = new Histogram({
    name: "gatehouse_graphql_operation_duration_seconds",
    help: "GraphQL operation latency by root field",
    labelNames: ["operation"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: "gatehouse_errors_total",
    help: "Errors returned to callers, by extensions.code",
    labelNames: ["code"] as const,
    registers: [this.registry],
  });

  constructor(app: App) {
    collectDefaultMetrics({ register: this.registry, prefix: "gatehouse_" });
    const { db } = app;
    let countedStatements = 0;
    new Counter({
      name: "gatehouse_sql_statements_total",
      help: "SQL statements executed for requests (model-cache reloads are counted apart)",
      registers: [this.registry],
      collect() {
        this.inc(db.stats.total - countedStatements);
        countedStatements = db.stats.total;
      },
    });
    new Gauge({
      name: "gatehouse_db_write_queue",
      help: "Write transactions waiting in this process (writers are serialised)",
      registers: [this.registry],
      collect() {
        this.set(db.pendingWrites);
      },
    });
    const pool = (db.dataSource.driver as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
    if (db.kind === "postgres" && pool) {
      new Gauge({
        name: "gatehouse_db_pool_connections",
        help: "PostgreSQL pool connections by state",
        labelNames: ["state"] as const,
        registers: [this.registry],
        collect() {
          this.set({ state: "total" }, pool.totalCount);
          this.set({ state: "idle" }, pool.idleCount);
          this.set({ state: "waiting" }, pool.waitingCount);
        },
      });
    }
    const cache = app.services.authorization.cache;
    const counted = { hit: 0, miss: 0 };
    new Counter({
      name: "gatehouse_authorization_contexts_total",
      help: "Login-time answers (authorizationContext, explainAuthorization, the policy endpoint) by model-cache outcome",
      labelNames: ["cache"] as const,
      registers: [this.registry],
      collect() {
        this.inc({ cache: "hit" }, cache.hits - counted.hit);
        this.inc({ cache: "miss" }, cache.misses - counted.miss);
        counted.hit = cache.hits;
        counted.miss = cache.misses;
      },
    });
    new Gauge({
      name: "gatehouse_model_revision",
      help: "Revision of the model this process has cached (-1: none)",
      registers: [this.registry],
      collect() {
        this.set(app.services.authorization.cache.cachedRevision ?? -1);
      },
    });
  }

  private readonly httpChildren = new Map<string, { count: { inc(): void }; duration: { observe(value: number): void } }>();

  /** One finished HTTP request; label children are looked up once per combination (this runs per request). */
  observeHttp(route: string, method: string, status: number, seconds: number): void {
    const key = `${route} ${method} ${status}`;
    let child = this.httpChildren.get(key);
    if (!child) {
      child = {
        count: this.httpRequests.labels({ route, method, status: String(status) }),
        duration: this.httpDuration.labels({ route }),
      };
      this.httpChildren.set(key, child);
    }
    child.count.inc();
    child.duration.observe(seconds);
  }

  /** Label children per parsed operation: Apollo reuses the document of a repeated query, so this runs once per document. */
  private readonly operationChildren = new WeakMap<object, { count: { inc(): void }; duration: { observe(value: number): void } }>();
  /** Per schema, the names an `operation` label may take: its root fields (a closed set). */
  private readonly rootFields = new WeakMap<GraphQLSchema, ReadonlySet<string>>();

  /**
   * The operation's label: the name of its one root field when the schema has that field,
   * otherwise `other` (several fields, fragments, unknown or meta fields). Labels come from a
   * closed set, so no document can grow the registry (docs/design.md §5).
   */
  private operationLabel(schema: GraphQLSchema, op: OperationDefinitionNode): string {
    let known = this.rootFields.get(schema);
    if (!known) {
      known = new Set([schema.getQueryType(), schema.getMutationType()].flatMap((type) => Object.keys(type?.getFields() ?? {})));
      this.rootFields.set(schema, known);
    }
    const [only, ...rest] = op.selectionSet.selections;
    return only && rest.length === 0 && only.kind === Kind.FIELD && known.has(only.name.value) ? only.name.value : "other";
  }

  private operationChild(schema: GraphQLSchema, op: OperationDefinitionNode) {
    let child = this.operationChildren.get(op);
    if (!child) {
      const operation = this.operationLabel(schema, op);
      child = { count: this.operations.labels({ type: op.operation, operation }), duration: this.operationDuration.labels({ operation }) };
      this.operationChildren.set(op, child);
    }
    return child;
  }

  /** Apollo plugin: operations, their latency and error codes. */
  apolloPlugin(): ApolloServerPlugin<RequestContext> {
    const metrics = this;
    return {
      async requestDidStart() {
        const started = process.hrtime.bigint();
        let child: ReturnType<Metrics["operationChild"]> | null = null;
        return {
          async didResolveOperation({ operation: op, schema }) {
            if (!op) return;
            child = metrics.operationChild(schema, op);
            child.count.inc();
          },
          async willSendResponse({ response }) {
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            if (child) child.duration.observe(seconds);
            else metrics.operationDuration.observe({ operation: "unknown" }, seconds);
            const body = response.body;
            const errors = body.kind === "single" ? body.singleResult.errors : undefined;
            for (const error of errors ?? []) metrics.errors.inc({ code: String(error.extensions?.code ?? "INTERNAL_SERVER_ERROR") });
          },
        };
      },
    };
  }
}
