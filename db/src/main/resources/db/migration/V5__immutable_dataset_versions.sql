-- A dataset version is what training jobs and eval runs were computed from: once frozen it never
-- changes. The application has no update path; this makes the database refuse one too.
CREATE FUNCTION dataset_versions_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'dataset versions are immutable: freeze a new version instead'
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER dataset_versions_no_update
    BEFORE UPDATE ON dataset_versions
    FOR EACH ROW EXECUTE FUNCTION dataset_versions_immutable();
