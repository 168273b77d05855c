import { ratingSchema } from "./ratingSchema";

describe("ratingSchema", () => {
  it("takes pain 0-10 and difficulty 1-10", () => {
    expect(ratingSchema.safeParse({ pain_score: 0, difficulty: 1 }).success).toBe(true);
    expect(ratingSchema.safeParse({ pain_score: 10, difficulty: 10 }).success).toBe(true);
  });

  it("asks for both answers in plain words", () => {
    const result = ratingSchema.safeParse({});
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => issue.message);
    expect(messages).toContain("Choose how much pain you feel, from 0 to 10.");
    expect(messages).toContain("Choose how hard it was, from 1 to 10.");
  });

  it("refuses values outside the scales", () => {
    expect(ratingSchema.safeParse({ pain_score: 11, difficulty: 5 }).success).toBe(false);
    expect(ratingSchema.safeParse({ pain_score: 3, difficulty: 0 }).success).toBe(false);
    expect(ratingSchema.safeParse({ pain_score: 2.5, difficulty: 5 }).success).toBe(false);
  });
});
