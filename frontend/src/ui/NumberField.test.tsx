import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";

import { NumberField } from "./fields";

function Sets({ onValue }: { onValue: (value: number) => void }) {
  const [value, setValue] = useState(3);
  return (
    <NumberField
      label="Sets"
      minValue={1}
      maxValue={20}
      value={value}
      onChange={(next) => {
        setValue(next);
        onValue(next);
      }}
    />
  );
}

describe("NumberField", () => {
  it("keeps a typed number outside its range, marked invalid, instead of clamping it", async () => {
    const seen: number[] = [];
    render(<Sets onValue={(value) => seen.push(value)} />);
    const input = screen.getByRole("textbox", { name: "Sets" });
    await userEvent.clear(input);
    await userEvent.type(input, "25");
    await userEvent.tab();
    expect(input).toHaveValue("25");
    expect(seen.at(-1)).toBe(25);
    expect(input).toHaveAttribute("aria-invalid", "true");
  });

  it("is valid inside its range", async () => {
    render(<Sets onValue={() => undefined} />);
    const input = screen.getByRole("textbox", { name: "Sets" });
    await userEvent.clear(input);
    await userEvent.type(input, "12");
    await userEvent.tab();
    expect(input).toHaveValue("12");
    expect(input).not.toHaveAttribute("aria-invalid");
  });
});
