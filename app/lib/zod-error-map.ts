import { z, type ZodErrorMap } from "zod";

/**
 * Zod's own messages are English sentences; a schema that gives no message of its own gets one of our
 * translation keys instead, which the form's ErrorList translates. Set once from the root module, so it
 * holds on the server and in the browser before any route's schema runs.
 */
export const translationKeyErrorMap: ZodErrorMap = (issue, context) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === "undefined" || issue.received === "null") return { message: "validation.required" };
      if (issue.expected === "integer") return { message: "validation.wholeNumber" };
      if (issue.expected === "number" || issue.expected === "bigint") return { message: "validation.number" };
      if (issue.expected === "date") return { message: "validation.dateInvalid" };
      return { message: "validation.invalid" };
    case z.ZodIssueCode.invalid_enum_value:
    case z.ZodIssueCode.invalid_literal:
      return { message: "validation.required" };
    case z.ZodIssueCode.invalid_date:
      return { message: "validation.dateInvalid" };
    case z.ZodIssueCode.invalid_string:
      return { message: issue.validation === "email" ? "validation.emailInvalid" : "validation.invalid" };
    case z.ZodIssueCode.not_multiple_of:
      return { message: "validation.wholeNumber" };
    case z.ZodIssueCode.too_small:
      if (issue.type === "number" || issue.type === "bigint") return { message: "validation.numberTooSmall" };
      if (issue.type === "string" && Number(issue.minimum) <= 1) return { message: "validation.required" };
      if (issue.type === "array" && Number(issue.minimum) <= 1) return { message: "validation.required" };
      return { message: "validation.tooShort" };
    case z.ZodIssueCode.too_big:
      if (issue.type === "number" || issue.type === "bigint") return { message: "validation.numberTooLarge" };
      return { message: issue.type === "array" ? "validation.tooMany" : "validation.tooLong" };
    default:
      return { message: context.defaultError === "Required" ? "validation.required" : "validation.invalid" };
  }
};

z.setErrorMap(translationKeyErrorMap);
