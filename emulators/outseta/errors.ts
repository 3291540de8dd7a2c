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
 * An unknown Uid, of any shape, is a 404. The sources disagree on a Uid that does not decode:
 * - 404: Outseta's own client expects `GET crm/people/nonexistent-uid-000` to answer 404 in
 *   its live test (https://github.com/outseta/outseta-js,
 *   packages/api-client/src/__tests__/people.integration.test.ts);
 * - 400 "invalid parameters or Uid format": Outseta's OpenAPI spec for the same routes
 *   (https://go.outseta.com/swagger/v1/swagger.json, as generated into outseta-js
 *   packages/api-client/src/generated/crm/crm.ts);
 * - 405 `{"ErrorMessage": "Could not convert hash rmkxpB1Q to long", "EntityValidationErrors": []}`
 *   for a DELETE, in a third-party client's recorded fixture
 *   (https://github.com/tiltcamp/outseta-api-client/blob/055b3bd/test/api/crm/people/delete.spec.ts).
 * The emulator keeps 404, the only answer observed live by Outseta itself; answering 405 by
 * Uid shape made an importId typo an error instead of "no person with this id". A client
 * must still read 400 and 405 as errors naming the record, never as "already gone" (the
 * provider does: test/http/crm/deleteAnswers.test.ts), and the contract recording of the
 * fixture lists all three statuses.
 */
export function notFound(): never {
  throw new ReplyError(appError(404, "Not found"));
}
