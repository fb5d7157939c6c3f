import * as aws from "@pulumi/aws";
import { standardTags } from "./tags.js";

// Created when the module is first evaluated: a second plan sees it only if this file is evaluated again.
export const archive = new aws.s3.Bucket("archive", { tags: standardTags("archive") });

export function logsBucket(name: string): aws.s3.Bucket {
  return new aws.s3.Bucket(name, { tags: standardTags("logs") });
}
