-- API keys: keyset pagination for GET /api/v1/keys, and a change signal so that every server
-- process (and every node of a cluster) refreshes its in-memory key cache the moment a key is
-- created or revoked, whoever made the change: the admin API, the CLI or hand-written SQL.

CREATE INDEX api_keys_page ON api_keys (created_at, id);

CREATE FUNCTION switchboard_api_keys_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('switchboard_api_keys', '');
    RETURN NULL;
END
$$;

-- last_used_at is left out on purpose: it changes on use and must not make caches reload.
CREATE TRIGGER api_keys_changed
    AFTER INSERT OR DELETE OR TRUNCATE
       OR UPDATE OF name, prefix, key_hash, scopes, rate_limit, revoked_at
    ON api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION switchboard_api_keys_changed();
