-- A password reset or a change of roles ends the person's web sessions and API tokens at once
-- (issue 28). Each person carries the time their credentials last changed: a session
-- remembers the stamp it began under and ends when the stamp moves; a token made before it
-- acts no more. Kept by the database itself, whoever changes a password or a role.

ALTER TABLE people ADD COLUMN credentials_changed_at timestamptz NOT NULL DEFAULT '-infinity';

CREATE FUNCTION stamp_changed_password() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.password_hash IS DISTINCT FROM OLD.password_hash THEN
        NEW.credentials_changed_at := now();
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER people_stamp_changed_password BEFORE UPDATE OF password_hash ON people
    FOR EACH ROW EXECUTE FUNCTION stamp_changed_password();

CREATE FUNCTION stamp_changed_roles() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed person_roles := CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
BEGIN
    UPDATE people SET credentials_changed_at = now() WHERE login = changed.login;
    RETURN NULL;
END $$;

CREATE TRIGGER person_roles_stamp_changes AFTER INSERT OR UPDATE OR DELETE ON person_roles
    FOR EACH ROW EXECUTE FUNCTION stamp_changed_roles();
