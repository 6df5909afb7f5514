-- Bearer tokens for the HTTP API. Only a SHA-256 of each token is stored (computed by the
-- application, so the token never reaches the server); the token itself is printed once. A token belongs to one cooperative, or ('*') to all
-- (admin only). The token names its scope (`cl_<scope>_<secret>`), so it is found by
-- (coop_id, hash), keyed by cooperative first like everything else.

CREATE TABLE api_tokens (
    coop_id    text NOT NULL CHECK (coop_id = '*' OR coop_id ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
    token_id   bigint GENERATED ALWAYS AS IDENTITY,
    token_hash bytea NOT NULL CHECK (length(token_hash) = 32),
    role       text NOT NULL CHECK (role IN ('auditor', 'bookkeeper', 'admin')),
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    PRIMARY KEY (coop_id, token_id),
    CONSTRAINT api_tokens_hash_unique UNIQUE (coop_id, token_hash),
    CONSTRAINT api_tokens_all_coops_are_admin CHECK (coop_id <> '*' OR role = 'admin')
);
