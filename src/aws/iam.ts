/** One statement of an IAM policy document, as AWS's policy grammar defines it (IAM User Guide, "Grammar of the IAM JSON policy language"). */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Principal?: "*" | Readonly<Record<string, string | readonly string[]>>;
  readonly NotPrincipal?: Readonly<Record<string, string | readonly string[]>>;
  /** Operator → condition key → value(s), e.g. { StringEquals: { "aws:SourceAccount": "111122223333" } }. */
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | boolean | number | readonly (string | number)[]>>>>;
}

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Id?: string;
  readonly Statement: readonly PolicyStatement[];
}
