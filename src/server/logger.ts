import pino, { Logger } from "pino";

/** Structured JSON logs on stderr (stdout stays clean for CLI output such as tokens). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "gatehouse" } }, pino.destination(2));
}
