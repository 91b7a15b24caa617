"""The open-data API, version 1: read-only JSON at /api/v1/ (see docs/open-data.md).

- `common`: what every endpoint shares (errors, pagination, figures, links, licence);
- `http`: the HTTP around the endpoints (ETag and Last-Modified, HEAD, the rate limit,
  errors as JSON), applied to every address under /api/v1/ by `config.api`;
- `topics`, `snippets`: routers for this app's public data;
- `docs`: the human page of docs, worked out from the OpenAPI schema.

Other apps' routers (participation's votes and results) use `common` too; evidence
imports none of them. `config.api` mounts every router.
"""
