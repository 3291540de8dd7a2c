/** Pure helpers shared by the resources: JSON normalisation and the two patch formats. */
export * from "./normalize";
export * from "./jsonPatch";
export * from "./mergePatch";
