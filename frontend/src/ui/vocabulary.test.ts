// The pickers' lists must offer every value the API knows, and nothing else.
import document from "../../../docs/openapi.json";
import { EXERCISE_TYPES, SIDES, WEEKDAYS } from "./vocabulary";

const openapi = document as unknown as { components: { schemas: Record<string, { enum?: string[] }> } };

function enumOf(name: string): string[] {
  return [...(openapi.components.schemas[name]?.enum ?? [])].sort();
}

describe("the clinic's vocabulary", () => {
  it.each([
    ["ExerciseType", EXERCISE_TYPES],
    ["Side", SIDES],
    ["Weekday", WEEKDAYS],
  ])("lists every %s of the API", (name, values) => {
    expect([...values].sort()).toEqual(enumOf(name));
  });
});
