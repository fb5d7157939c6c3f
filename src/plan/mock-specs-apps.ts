import { awsId, digest, uuid } from "./ids";
import { arn, type MockContext, type TypeSpec } from "./mock-spec";

/**
 * Serverless and application services users' programs create beside the
 * network and data tiers. Id and ARN shapes follow the AWS service
 * authorization reference ("Resource types defined by …" per service) and
 * each API's documented identifiers.
 */
const apiId = (c: MockContext): string => digest("api", c.urn).slice(0, 10);

export const APP_SPECS: Readonly<Record<string, TypeSpec>> = {
  // SQS: the queue URL is the id; FIFO queue names must end in ".fifo" (the provider appends it to an auto-name).
  "aws:sqs/queue:Queue": {
    nameProp: "name",
    autoNameSuffix: (c) => (c.inputs.fifoQueue === true ? ".fifo" : ""),
    arn: (c, _id, name) => arn(c, "sqs", name),
    extra: (c, _id, name) => {
      const url = `https://sqs.${c.region}.amazonaws.com/${c.account}/${name}`;
      return { id: url, url };
    },
  },
  "aws:dynamodb/table:Table": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "dynamodb", `table/${name}`),
    extra: (c, _id, name) => (c.inputs.streamEnabled === true
      ? { streamArn: arn(c, "dynamodb", `table/${name}/stream/2026-01-01T00:00:00.000`), streamLabel: "2026-01-01T00:00:00.000" }
      : {}),
  },
  "aws:lambda/function:Function": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "lambda", `function:${name}`),
    extra: (c, _id, name) => {
      const fn = arn(c, "lambda", `function:${name}`);
      return {
        invokeArn: `arn:${c.partition}:apigateway:${c.region}:lambda:path/2015-03-31/functions/${fn}/invocations`,
        qualifiedArn: `${fn}:$LATEST`, version: "$LATEST", lastModified: "2026-01-01T00:00:00.000+0000",
      };
    },
  },
  "aws:ssm/parameter:Parameter": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "ssm", `parameter/${name.replace(/^\//, "")}`),
    extra: () => ({ version: 1 }),
  },
  "aws:s3/bucketV2:BucketV2": {
    nameProp: "bucket",
    arn: (c, _id, name) => `arn:${c.partition}:s3:::${name}`,
    extra: (c, _id, name) => ({ bucketDomainName: `${name}.s3.amazonaws.com`, bucketRegionalDomainName: `${name}.s3.${c.region}.amazonaws.com`, region: c.region, hostedZoneId: "Z1BKCTXD74EZPE" }),
  },
  "aws:apigatewayv2/api:Api": {
    nameProp: "name",
    extra: (c) => {
      const id = apiId(c);
      return { id, apiEndpoint: `https://${id}.execute-api.${c.region}.amazonaws.com`, arn: `arn:${c.partition}:apigateway:${c.region}::/apis/${id}`, executionArn: arn(c, "execute-api", id) };
    },
  },
  "aws:apigateway/restApi:RestApi": {
    nameProp: "name",
    extra: (c) => {
      const id = apiId(c);
      return { id, rootResourceId: digest("root", c.urn).slice(0, 10), arn: `arn:${c.partition}:apigateway:${c.region}::/restapis/${id}`, executionArn: arn(c, "execute-api", id) };
    },
  },
  "aws:sfn/stateMachine:StateMachine": {
    nameProp: "name",
    extra: (c, _id, name) => {
      const a = arn(c, "states", `stateMachine:${name}`);
      return { id: a, arn: a, status: "ACTIVE" };
    },
  },
  "aws:cloudwatch/eventRule:EventRule": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "events", `rule/${name}`),
  },
  "aws:kinesis/stream:Stream": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "kinesis", `stream/${name}`),
  },
  "aws:iam/instanceProfile:InstanceProfile": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "iam", `instance-profile/${name}`, true),
    extra: (c) => ({ uniqueId: `AIPA${digest(c.urn).slice(0, 17).toUpperCase()}` }),
  },
  "aws:iam/user:User": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "iam", `user/${name}`, true),
    extra: (c) => ({ uniqueId: `AIDA${digest(c.urn).slice(0, 17).toUpperCase()}` }),
  },
  "aws:efs/fileSystem:FileSystem": {
    idPrefix: "fs",
    arn: (c, id) => arn(c, "elasticfilesystem", `file-system/${id}`),
    extra: (c, id) => ({ dnsName: `${id}.efs.${c.region}.amazonaws.com`, ownerId: c.account }),
  },
  // CloudFront is global; Z2FDTNDATAQYW2 is the hosted zone AWS documents for alias records to distributions.
  "aws:cloudfront/distribution:Distribution": {
    extra: (c) => {
      const id = `E${digest("cf", c.urn).slice(0, 13).toUpperCase()}`;
      return { id, arn: `arn:${c.partition}:cloudfront::${c.account}:distribution/${id}`, domainName: `d${digest("cfd", c.urn).slice(0, 13)}.cloudfront.net`, hostedZoneId: "Z2FDTNDATAQYW2", status: "Deployed", etag: `E${uuid(c.urn).slice(0, 12).toUpperCase()}` };
    },
  },
  "aws:ec2/keyPair:KeyPair": {
    nameProp: "keyName",
    extra: (c) => ({ keyPairId: awsId("key", c.urn), fingerprint: digest("fp", c.urn).slice(0, 32).replace(/(..)(?!$)/g, "$1:") }),
  },
};
