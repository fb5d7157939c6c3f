import * as pulumi from "@pulumi/pulumi";
import { parseStateDocument } from "../../policies/inputs/state";
import { evaluatePacks, type Evaluation, type PolicyConfig, type Rule } from "../../policies/model";

/** The value `pulumi preview` shows for what is not known until the resource exists. */
export const UNKNOWN = pulumi.runtime.unknownValue;

export interface ExportResource {
  urn: string;
  custom: boolean;
  type: string;
  id?: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  parent: string;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
}

const STACK_URN = "urn:pulumi:prod::shop::pulumi:pulumi:Stack::shop-prod";

/** One resource as `pulumi stack export` (version 3) writes it. */
export function res(type: string, name: string, inputs: Record<string, unknown>, more: Partial<ExportResource> = {}): ExportResource {
  return {
    urn: `urn:pulumi:prod::shop::${type}::${name}`,
    custom: true,
    type,
    id: more.id ?? `${name}-id`,
    inputs,
    outputs: more.outputs ?? { ...inputs, id: more.id ?? `${name}-id` },
    parent: STACK_URN,
    ...more,
  };
}

export function exportDoc(...resources: ExportResource[]): unknown {
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-11-01T00:00:00Z", magic: "x", version: "v3.200.0" },
      resources: [
        { urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack", outputs: {} },
        { urn: "urn:pulumi:prod::shop::pulumi:providers:aws::default_7_0_0", custom: true, id: "p", type: "pulumi:providers:aws", inputs: { region: "eu-west-1" }, outputs: {} },
        ...resources,
      ],
    },
  };
}

/** Runs rules on export-shaped resources through the same loader `paved check` uses. */
export function evaluate(rules: readonly Rule[], resources: ExportResource[], config?: PolicyConfig): Evaluation {
  return evaluatePacks(parseStateDocument(exportDoc(...resources))!, [{ name: "test", description: "", rules }], config);
}
