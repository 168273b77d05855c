import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { Demonstration as DemonstrationData } from "../api/types";
import { Demonstration, StartingPose } from "./Demonstration";

const RAISE: DemonstrationData = {
  view: "side",
  prop: "none",
  move_s: 2,
  poses: [
    { label: "Arm down", angles: {}, hold_s: 0 },
    { label: "Arm raised", angles: { shoulder_left: 160 }, hold_s: 1 },
  ],
};

describe("StartingPose", () => {
  it("draws the first key pose alone, named for a screen reader", () => {
    render(<StartingPose demonstration={RAISE} name="Shoulder flexion" />);
    const picture = screen.getByRole("img");
    expect(picture).toHaveAccessibleName("Shoulder flexion, the starting position, seen from the side: Arm down.");
    expect(screen.getByText("Start like this: arm down")).toBeInTheDocument();
    expect(screen.queryByText(/Arm raised/)).toBeNull();
    // One figure: one head.
    expect(picture.querySelectorAll("circle")).toHaveLength(1);
  });

  it("draws nothing for a demonstration without poses", () => {
    const { container } = render(<StartingPose demonstration={{ ...RAISE, poses: [] }} name="Empty" />);
    expect(container).toBeEmptyDOMElement();
  });
});

describe("Demonstration, still", () => {
  it("shows every key pose in order as one picture", () => {
    render(<Demonstration demonstration={RAISE} name="Shoulder flexion" still />);
    expect(screen.getByRole("img")).toHaveAccessibleName(
      "Shoulder flexion, demonstrated by a figure seen from the side: Arm down, then Arm raised.",
    );
    expect(screen.getByText("1. Arm down")).toBeInTheDocument();
    expect(screen.getByText("2. Arm raised")).toBeInTheDocument();
  });
});
