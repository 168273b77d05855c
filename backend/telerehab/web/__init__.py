"""HTTP plumbing shared by every route: pagination, the OpenAPI document and its pages,
security headers, request logs and metrics."""
