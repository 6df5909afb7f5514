-- Members of a cooperative. Their number identifies their detail accounts.

CREATE TABLE members (
    coop_id           text NOT NULL REFERENCES cooperatives,
    member_no         integer NOT NULL CHECK (member_no BETWEEN 1 AND 9999999),
    name              text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    -- National ID number (居民身份证号): 15 or 18 characters, X as check character.
    id_number         text CHECK (id_number ~ '^([0-9]{14}|[0-9]{17})[0-9X]$'),
    -- Registered poor household (建档立卡贫困户).
    is_poor_household boolean NOT NULL DEFAULT false,
    joined_on         date,
    left_on           date,
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (coop_id, member_no),
    CONSTRAINT members_leave_after_joining CHECK (left_on >= joined_on)
);
