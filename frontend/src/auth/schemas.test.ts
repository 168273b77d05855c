import { registerSchema, withoutEmpty } from "./schemas";

const valid = {
  username: "ada.achebe",
  password: "long enough",
  full_name: "Ada Achebe",
  email: "",
  phone: "",
  date_of_birth: "",
};

function firstErrors(values: unknown): Record<string, string> {
  const result = registerSchema.safeParse(values);
  if (result.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) errors[issue.path.join(".")] ??= issue.message;
  return errors;
}

describe("patient registration", () => {
  it("accepts the required fields alone", () => {
    expect(firstErrors(valid)).toEqual({});
  });

  it("checks usernames, passwords and the optional contact details as the API does", () => {
    expect(firstErrors({ ...valid, username: ".ada", password: "short", email: "ada@", phone: "call me" })).toEqual({
      username: "Start with a letter or digit; then letters, digits, dots, dashes or underscores.",
      password: "Use at least 8 characters.",
      email: "Enter an e-mail address like name@example.com.",
      phone: "Use digits, spaces and + ( ) - only (3 to 32 characters).",
    });
  });

  it("leaves empty optional fields out of the request", () => {
    expect(withoutEmpty({ email: "", phone: "+44 20", date_of_birth: "" })).toEqual({ phone: "+44 20" });
  });
});
