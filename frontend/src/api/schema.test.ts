// @vitest-environment node
// src/api/schema.d.ts must be what `npm run client` makes of docs/openapi.json today: if the API
// changed and the client was not regenerated, this fails.
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";

import generated from "./schema.d.ts?raw";

const OPENAPI = new URL("../../../docs/openapi.json", import.meta.url);

describe("the generated API client", () => {
  it("matches docs/openapi.json (run `npm run client` if not)", async () => {
    const expected = `${COMMENT_HEADER}${astToString(await openapiTS(OPENAPI))}`;
    expect(generated === expected, "src/api/schema.d.ts is stale: run `npm run client`").toBe(true);
  }, 60_000);
});
