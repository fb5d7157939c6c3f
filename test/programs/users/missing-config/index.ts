import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();
const dbName = config.require("dbName");

const params = new aws.ssm.Parameter("db-name", { type: "String", value: dbName });

export const parameterName = params.name;
