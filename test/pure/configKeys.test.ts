import { describe, expect, it } from "vitest";
import { nearestKey, unknownKeyWarnings } from "../../provider/plugin/configKeys";
import { SERVICES } from "../../provider/services";

const KNOWN = SERVICES.flatMap((p) => Object.values(p.settings as Record<string, { key: string }>).map((s) => s.key));
const NAMESPACES = SERVICES.map((p) => p.name);

describe("config keys the provider does not read", () => {
  it("name the nearest known key of the registry's settings", () => {
    expect(nearestKey("rollout:apiURL", KNOWN)).toBe("rollout:apiUrl");
    expect(nearestKey("rollout:apitoken", KNOWN)).toBe("rollout:apiToken");
    expect(nearestKey("rogerroger:apikey", KNOWN)).toBe("rogerroger:apiKey");
    expect(nearestKey("outseta:secretkey", KNOWN)).toBe("outseta:secretKey");
    expect(nearestKey("rolloutCrm:clientSecrt", KNOWN)).toBe("rolloutCrm:clientSecret");
    expect(nearestKey("rollout:somethingElseEntirely", KNOWN)).toBeUndefined();
  });

  it("warn once per unknown key of the provider's namespaces, and leave other namespaces alone", () => {
    const keys = ["rollout:apiURL", "rollout:apiToken", "rogerroger:apikey", "aws:region", "myproject:people", "rolloutCrm:zzz"];
    const warnings = unknownKeyWarnings(keys, NAMESPACES, KNOWN);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toBe("pulumi-rollout-crm: the stack config 'rogerroger:apikey' is not a setting of this provider and is ignored; did you mean 'rogerroger:apiKey'?");
    expect(warnings[1]).toContain("'rollout:apiURL' is not a setting of this provider and is ignored; did you mean 'rollout:apiUrl'?");
    expect(warnings[2]).toMatch(/'rolloutCrm:zzz' .* the known keys are rolloutCrm:/);
    expect(unknownKeyWarnings(KNOWN, NAMESPACES, KNOWN)).toEqual([]);
  });
});
