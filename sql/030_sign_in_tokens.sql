-- A token a person gets by signing in on the command line (`coopledger login`, the API's
-- POST /v1/coops/{coop}/sessions) lasts a working day; tokens made by `token create` keep
-- no expiry (NULL), as before.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_expire_after_creation CHECK (expires_at IS NULL OR expires_at > created_at);
