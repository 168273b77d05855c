import { ApiError } from "../api/client";
import { withRetries } from "./queries";

const noWait = () => Promise.resolve();

describe("withRetries", () => {
  it("tries again after a lost connection or a server error", async () => {
    const call = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new ApiError(0, undefined))
      .mockRejectedValueOnce(new ApiError(503, undefined))
      .mockResolvedValue("started");
    await expect(withRetries(call, [1, 1, 1], noWait)).resolves.toBe("started");
    expect(call).toHaveBeenCalledTimes(3);
  });

  it("does not repeat a request the server refused", async () => {
    const call = vi.fn<() => Promise<string>>().mockRejectedValue(new ApiError(404, undefined));
    await expect(withRetries(call, [1, 1, 1], noWait)).rejects.toBeInstanceOf(ApiError);
    expect(call).toHaveBeenCalledTimes(1);
  });

  it("gives up after its last wait", async () => {
    const call = vi.fn<() => Promise<string>>().mockRejectedValue(new ApiError(0, undefined));
    await expect(withRetries(call, [1, 1], noWait)).rejects.toBeInstanceOf(ApiError);
    expect(call).toHaveBeenCalledTimes(3);
  });
});
