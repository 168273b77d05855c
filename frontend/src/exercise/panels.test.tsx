import { render, screen } from "@testing-library/react";

import { LivePanel, RestPanel } from "./panels";
import type { PlannedExercise } from "./plan";

const squats: PlannedExercise = {
  exercise: "squat",
  side: null,
  sets: 2,
  reps: 12,
  targetRomDeg: null,
  restSeconds: 30,
};

function rest(reps: number, uncertainReps: number | null) {
  render(
    <RestPanel
      done={{ planned: squats, setNumber: 1, reps, countNote: null, uncertainReps }}
      next={squats}
      nextSetNumber={2}
      onNext={() => {}}
      onFinishEarly={() => {}}
    />,
  );
}

describe("the count's confidence on the exercise screens", () => {
  it("says on the rest screen how many of the counted reps are uncertain", () => {
    rest(12, 2);
    expect(screen.getByTestId("set-result")).toHaveTextContent("12 reps of 12");
    expect(screen.getByTestId("set-confidence")).toHaveTextContent(
      /^Counted 12, 2 of them uncertain\. Every rep is kept/,
    );
  });

  it("says nothing when every rep is certain, or the set was not rated", () => {
    rest(12, 0);
    expect(screen.queryByTestId("set-confidence")).toBeNull();
    rest(12, null);
    expect(screen.queryByTestId("set-confidence")).toBeNull();
  });

  it("shows the uncertain reps on the live screen as they are counted", () => {
    const props = {
      planned: squats,
      setNumber: 1,
      phase: null,
      feedback: null,
      lastRep: null,
      saving: false,
      onEndSet: () => {},
    };
    const { rerender } = render(<LivePanel {...props} reps={3} uncertainReps={0} />);
    expect(screen.queryByTestId("uncertain-reps")).toBeNull();
    rerender(<LivePanel {...props} reps={4} uncertainReps={1} />);
    expect(screen.getByTestId("uncertain-reps")).toHaveTextContent("Counted 4, 1 of them uncertain.");
  });
});
