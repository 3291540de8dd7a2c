import { describe, expect, it } from "vitest";
import { DEFAULT_OPERATION_TIMEOUT_SECONDS, OPERATION_TIMEOUT_ENV, operationBoundMs } from "../../../provider/runtime/operations";

describe(`${OPERATION_TIMEOUT_ENV}: the bound of one provider operation`, () => {
  it("defaults to an hour, takes seconds (fractions too), and 0 turns it off", () => {
    expect(DEFAULT_OPERATION_TIMEOUT_SECONDS).toBe(3600);
    expect(operationBoundMs({})).toBe(3_600_000);
    expect(operationBoundMs({ [OPERATION_TIMEOUT_ENV]: " " })).toBe(3_600_000);
    expect(operationBoundMs({ [OPERATION_TIMEOUT_ENV]: "90" })).toBe(90_000);
    expect(operationBoundMs({ [OPERATION_TIMEOUT_ENV]: "2.5" })).toBe(2500);
    expect(operationBoundMs({ [OPERATION_TIMEOUT_ENV]: "0" })).toBeUndefined();
  });

  it.each(["soon", "-5", "1e3", "Infinity", "10s"])("refuses %s, naming the variable and the value", (value) => {
    const result = operationBoundMs({ [OPERATION_TIMEOUT_ENV]: value });
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toBe(`${OPERATION_TIMEOUT_ENV} must be a number of seconds, 0 for none (it is '${value}').`);
  });
});
