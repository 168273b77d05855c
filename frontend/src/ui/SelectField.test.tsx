import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { groupOptions, SelectField } from "./fields";

const ROUTINES = [
  { id: 1, label: "Knee basics", group: "Your routines" },
  { id: 2, label: "Knee basics", group: "By Dr. Lena Park" },
  { id: 3, label: "Shoulder starter", group: "Your routines" },
];

describe("SelectField with groups", () => {
  it("groups options in the order each group first appears", () => {
    expect(groupOptions(ROUTINES).map((group) => [group.name, group.options.map((option) => option.id)])).toEqual([
      ["Your routines", [1, 3]],
      ["By Dr. Lena Park", [2]],
    ]);
  });

  it("lists same-named options under their group's heading", async () => {
    const chosen: number[] = [];
    render(<SelectField label="Add to Monday" options={ROUTINES} value={null} onChange={(id) => chosen.push(id)} />);
    await userEvent.click(screen.getByRole("button", { name: /Add to Monday/ }));
    const theirs = await screen.findByRole("group", { name: "By Dr. Lena Park" });
    await userEvent.click(within(theirs).getByRole("option", { name: "Knee basics" }));
    expect(chosen).toEqual([2]);
  });
});
