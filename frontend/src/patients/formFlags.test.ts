import { flagLabel, flagWording } from "./formFlags";

describe("form flags in the doctor's words", () => {
  it("names each known code and spells out an unknown one", () => {
    expect(flagLabel("trunk_swing")).toBe("body swung");
    expect(flagLabel("wrong_movement")).toBe("not the prescribed movement");
    expect(flagLabel("some_new_code")).toBe("some new code");
  });

  it("lists the flags most frequent first, leaving out what is shown elsewhere", () => {
    expect(flagWording({ too_fast: 1, trunk_lean: 4, bent_elbow: 1 })).toBe("body leaned 4, elbow bent 1, too fast 1");
    expect(flagWording({ wrong_movement: 5, too_fast: 2 }, ["wrong_movement"])).toBe("too fast 2");
    expect(flagWording({})).toBeNull();
    expect(flagWording({ wrong_movement: 3 }, ["wrong_movement"])).toBeNull();
  });
});
