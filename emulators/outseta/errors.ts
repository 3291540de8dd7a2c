/**
 * Outseta's error bodies (api/outseta.md "Errors"). Outseta runs ASP.NET Web API on IIS:
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

/** An 8-character Uid that Outseta cannot decode is a 405 (seen on DELETE; applied to every verb). */
export function checkUid(uid: string): void {
  if (!/^[A-Za-z0-9]{8}$/.test(uid)) {
    throw new ReplyError(appError(405, `Could not convert hash ${uid} to long`));
  }
}

export function notFound(): never {
  throw new ReplyError(appError(404, "Not found"));
}
