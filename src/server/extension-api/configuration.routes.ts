import { Application, ApplicationType } from "../../applications/application.entity";
import { NotFoundError } from "../../common/errors";
import { CONFIGURATION_SWITCHES } from "../../configuration/configuration.entity";
import type { Configuration } from "../../configuration/configuration.entity";
import { UpdateConfigurationInput } from "../../configuration/configuration.inputs";
import { ImportMode } from "../../transfer/transfer.types";
import { ApiRoute, audited, noContent, ok, validInput } from "./api-route";
import type { JsonSchema } from "./json-schema";
import { S } from "./shapes";

const APP_TYPES: Record<ApplicationType, string> = {
  [ApplicationType.SPA]: "spa",
  [ApplicationType.NATIVE]: "native",
  [ApplicationType.REGULAR_WEB]: "regular_web",
  [ApplicationType.NON_INTERACTIVE]: "non_interactive",
};

/** An application as the Management API's client (Gatehouse keeps no callbacks: always []). */
const client = (application: Application) => ({ client_id: application.id, name: application.name, callbacks: [], app_type: APP_TYPES[application.type] });
const clientSchema = S.object({ client_id: S.str, name: S.str, callbacks: S.strs, app_type: S.str });

/** The extension's configuration record: `_id` and the nine switches (never the API key). */
function record(configuration: Configuration): Record<string, unknown> {
  const out: Record<string, unknown> = { _id: configuration.id };
  for (const name of CONFIGURATION_SWITCHES) out[name] = Boolean(configuration[name]);
  return out;
}

/** A switch: a boolean, or "yes"/"no" as the extension's schema accepted. */
const toggle: JsonSchema = { anyOf: [{ type: "boolean" }, { type: "string", enum: ["yes", "no"] }], description: "must be a boolean" };
const recordSchema = S.object({ _id: S.str, ...Object.fromEntries(CONFIGURATION_SWITCHES.map((name) => [name, { type: "boolean" } as JsonSchema])) });

/** `/api/applications…` and `/api/configuration…` (EXTENSION.md §2.7). */
export const configurationRoutes: ApiRoute[] = [
  {
    method: "GET",
    path: "/api/applications",
    scope: "read:applications",
    summary: "Gatehouse's applications that may hold roles (SPA, native, regular web), sorted by name.",
    answer: { status: 200, description: "Client[]", schema: S.list(clientSchema) },
    async handle(call) {
      const all: Application[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await call.services.applications.list(call.ctx, { first: 100, after });
        all.push(...page.nodes);
        if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
        after = page.pageInfo.endCursor;
      }
      return ok(all.filter((application) => application.supported).map(client));
    },
  },
  {
    method: "GET",
    path: "/api/applications/{clientId}",
    scope: "read:applications",
    summary: "One application, of any type.",
    answer: { status: 200, description: "Client", schema: clientSchema },
    async handle(call) {
      const application = await call.services.applications.get(call.ctx, call.params.clientId);
      if (!application) throw new NotFoundError("Application", [call.params.clientId]);
      return ok(client(application));
    },
  },
  {
    method: "GET",
    path: "/api/configuration",
    scope: "read:configuration",
    summary: "The configuration record: the nine switches (the API key is never shown).",
    answer: { status: 200, description: "The record", schema: recordSchema },
    async handle(call) {
      return ok(record(await call.services.configuration.read()));
    },
  },
  {
    method: "PATCH",
    path: "/api/configuration",
    scope: "update:configuration",
    summary: 'Sets any of the nine switches (true/false or "yes"/"no"); other keys are refused.',
    body: { type: "object", properties: Object.fromEntries(CONFIGURATION_SWITCHES.map((name) => [name, toggle])), additionalProperties: false },
    answer: { status: 200, description: "The whole record", schema: recordSchema },
    async handle(call) {
      const sent = Object.entries(call.body as Record<string, boolean | "yes" | "no">).map(([name, value]) => [name, value === "yes" ? true : value === "no" ? false : value]);
      const input = await validInput(UpdateConfigurationInput, Object.fromEntries(sent) as UpdateConfigurationInput);
      return ok(record(await call.services.configuration.update(audited(call.ctx, "updateConfiguration", { input }), input)));
    },
  },
  {
    method: "PATCH",
    path: "/api/configuration/rotate-apikey",
    scope: "update:configuration",
    summary: "A new login-hook API key, answered this once as `hash` (send it as `x-api-key`); the old one stops working.",
    answer: { status: 200, description: "{hash}", schema: S.object({ hash: S.str }) },
    async handle(call) {
      const { apiKey } = await call.services.apiKeys.rotate(audited(call.ctx, "rotateApiKey", { gracePeriodSeconds: 0 }), 0);
      return ok({ hash: apiKey });
    },
  },
  {
    method: "GET",
    path: "/api/configuration/export",
    scope: "read:configuration",
    summary: "The whole model in the extension's export format plus `applications` and `users` (exportData); never the API key.",
    answer: { status: 200, description: "The export document", schema: { type: "object" } },
    async handle(call) {
      return ok(await call.services.exports.exportData());
    },
  },
  {
    method: "POST",
    path: "/api/configuration/import",
    scope: "update:configuration",
    summary: "Replaces the whole model with the document (importData, mode REPLACE): checked first, every problem named, nothing written unless all of it is valid.",
    body: { type: "object", description: "An export of the extension or of Gatehouse." },
    answer: { status: 204, description: "Imported" },
    async handle(call) {
      const args = { data: call.body, mode: ImportMode.REPLACE, dryRun: false };
      await call.services.imports.import(audited(call.ctx, "importData", { ...args }), { data: call.body }, { mode: ImportMode.REPLACE, dryRun: false });
      return noContent();
    },
  },
];
