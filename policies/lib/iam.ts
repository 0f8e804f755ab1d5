/**
 * IAM policy documents as the AWS provider takes them: a JSON string (usually from
 * `JSON.stringify` or `aws.iam.getPolicyDocument(...).json`), or, in the captured graph, the
 * already-parsed object. Only what the identity and S3 rules need is modelled.
 */
import { asArray, asRecord, asString, asStrings, isRecord } from "./values";

interface Statement {
  effect: string;
  actions: string[];
  notActions: string[];
  resources: string[];
  principals: unknown;
  condition: Record<string, unknown>;
}

/** Parses a policy document; returns undefined when it is not JSON (e.g. an unresolved placeholder). */
export function parsePolicyDocument(doc: unknown): Statement[] | undefined {
  let parsed: unknown = doc;
  if (typeof doc === "string") {
    try {
      parsed = JSON.parse(doc);
    } catch {
      return undefined;
    }
  }
  if (!isRecord(parsed)) return undefined;
  return asArray(parsed.Statement).map((raw) => {
    const s = asRecord(raw);
    return {
      effect: asString(s.Effect) ?? "",
      actions: asStrings(s.Action),
      notActions: asStrings(s.NotAction),
      resources: asStrings(s.Resource),
      principals: s.Principal,
      condition: asRecord(s.Condition),
    };
  });
}

const isWildcardAction = (a: string) => a === "*" || a === "*:*";

/**
 * Statements that grant full administrator rights: `Allow` + any action (`*`, `*:*`, or a
 * `NotAction` list, which grants everything not listed) + any resource (`*`).
 */
export function wildcardAdminStatements(statements: Statement[]): Statement[] {
  return statements.filter(
    (s) =>
      s.effect === "Allow" &&
      (s.actions.some(isWildcardAction) || s.notActions.length > 0) &&
      s.resources.includes("*"),
  );
}

/** True when a statement denies requests made without TLS (`aws:SecureTransport` = false). */
export function deniesInsecureTransport(s: Statement): boolean {
  if (s.effect !== "Deny") return false;
  const bool = asRecord(s.condition.Bool);
  const value = bool["aws:SecureTransport"];
  return value === false || value === "false" || asStrings(value).includes("false");
}
