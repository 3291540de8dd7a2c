/**
 * Outseta's error bodies (Outseta's API documentation "Errors"). Outseta runs ASP.NET Web API on IIS:
 * framework-level errors (401, 404 for an unknown route, 405, 415, 500) carry `Message`,
 * Outseta's own errors carry `ErrorMessage` + `EntityValidationErrors`.
 */
import { ReplyError, json, type Reply } from "../core/types";

/** An ASP.NET Web API framework error: `{ "Message": ... }`. */
export function frameworkError(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return json(status, { Message: message, ...extra });
}

/** An Outseta application error with no entity attached. */
export function appError(status: number, message: string): Reply {
  return json(status, { ErrorMessage: message, EntityValidationErrors: [] });
}

export interface ValidationError {
  readonly PropertyName: string;
  readonly ErrorMessage: string;
}

/** The 400 validation body recorded by third-party clients, with the submitted entity. */
export function validationFailed(typeName: string, entity: unknown, errors: readonly ValidationError[]): ReplyError {
  return new ReplyError(
    json(400, {
      ErrorMessage: "Validation failed for one or more entities. See 'EntityValidationErrors' property for more details.",
      EntityValidationErrors: [
        {
          Entity: entity,
          TypeName: typeName,
          ValidationErrors: errors.map((e) => ({ ErrorCode: "outsetaError", ...e })),
        },
      ],
    }),
  );
}

/**
 * An unknown Uid, of any shape, is a 404: Outseta's own integration test expects
 * `GET crm/people/nonexistent-uid-000` to answer 404 (Outseta's API documentation, "Evidence from
 * vendors' code"). The 405 "Could not convert hash" of one third-party fixture is not
 * reproduced: answering it by Uid shape made an importId typo an error instead of
 * "no person with this id".
 */
export function notFound(): never {
  throw new ReplyError(appError(404, "Not found"));
}
