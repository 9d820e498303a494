import { cleanEnv, makeValidator, port, str, url, num, EnvError } from "envalid";

/** Parsed, validated process configuration (DESIGN §6). */
export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string;
  logLevel: string;
  bodyLimitBytes: number;
  auth: { jwksUrl?: string; issuer?: string; audience?: string };
}

const databaseUrl = makeValidator<string>((value) => {
  if (/^sqlite:.+/.test(value) || /^postgres(ql)?:\/\/.+/.test(value)) return value;
  throw new EnvError("must be sqlite:<path> (or sqlite::memory:) or postgres://user:pass@host/db");
});

/**
 * Reads the environment once; a bad value throws an error whose message names the variable,
 * before anything listens.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = cleanEnv(
    env,
    {
      PORT: port({ default: 4000, desc: "HTTP port" }),
      HOST: str({ default: "127.0.0.1", desc: "interface to listen on" }),
      DATABASE_URL: databaseUrl({ default: "sqlite:./data/gatehouse.sqlite" }),
      LOG_LEVEL: str({ default: "info", choices: ["fatal", "error", "warn", "info", "debug", "trace", "silent"] }),
      BODY_LIMIT_BYTES: num({ default: 1_048_576, desc: "largest accepted request body" }),
      AUTH_JWKS_URL: url({ default: undefined }),
      AUTH_ISSUER: str({ default: undefined }),
      AUTH_AUDIENCE: str({ default: undefined }),
    },
    {
      reporter: ({ errors }) => {
        const names = Object.keys(errors) as Array<keyof typeof errors>;
        if (names.length === 0) return;
        const lines = names.map((name) => `  ${String(name)}: ${errors[name]?.message ?? "invalid"}`);
        throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
      },
    },
  );
  if (parsed.BODY_LIMIT_BYTES <= 0) throw new ConfigError("Invalid configuration:\n  BODY_LIMIT_BYTES: must be positive");
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    databaseUrl: parsed.DATABASE_URL,
    logLevel: parsed.LOG_LEVEL,
    bodyLimitBytes: parsed.BODY_LIMIT_BYTES,
    auth: { jwksUrl: parsed.AUTH_JWKS_URL, issuer: parsed.AUTH_ISSUER, audience: parsed.AUTH_AUDIENCE },
  };
}

/** Start-up configuration problem; its message names the variable. */
export class ConfigError extends Error {}
