import { render, screen } from "@testing-library/react";
import { useState } from "react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { Table } from "./Table";

function Rows() {
  const [rows, setRows] = useState(["Ada"]);
  return (
    <>
      <button type="button" onClick={() => setRows([...rows, "Bram"])}>
        More
      </button>
      <Table>
        <thead>
          <tr>
            <th scope="col">Patient</th>
            <th scope="col">Adherence</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((name) => (
            <tr key={name}>
              <td>{name}</td>
              <td>80%</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}

describe("Table", () => {
  it("labels every cell with its column's heading, rows added later too", async () => {
    render(<Rows />);
    expect(screen.getByText("Ada").getAttribute("data-label")).toBe("Patient");
    await userEvent.click(screen.getByRole("button", { name: "More" }));
    const added = await screen.findByText("Bram");
    await expect.poll(() => added.getAttribute("data-label")).toBe("Patient");
    expect(screen.getAllByText("80%").map((cell) => cell.getAttribute("data-label"))).toEqual([
      "Adherence",
      "Adherence",
    ]);
    expect(screen.getByRole("table").className).toBe("table");
  });
});
